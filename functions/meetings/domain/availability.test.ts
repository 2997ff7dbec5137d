import { findSlots, intersect, subtract, workingWindows } from './availability.js';

const at = (iso: string) => Date.parse(iso);
const nineToSix = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

describe('availability', () => {
  it('keeps working hours local across the spring DST change', () => {
    // Prepare: Monday 30 March 2026 is the first day of CEST (Europe/Berlin), Friday 27 March is CET.
    const windows = workingWindows(
      { timeZone: 'Europe/Berlin', workingHours: nineToSix },
      new Date('2026-03-27T00:00:00Z'),
      new Date('2026-03-31T00:00:00Z'),
    );
    // Assess: 08:00Z on the CET Friday, 07:00Z on the CEST Monday; the weekend is skipped.
    expect(
      windows.map(([start, end]) => [new Date(start).toISOString(), new Date(end).toISOString()]),
    ).toEqual([
      ['2026-03-27T08:00:00.000Z', '2026-03-27T17:00:00.000Z'],
      ['2026-03-30T07:00:00.000Z', '2026-03-30T16:00:00.000Z'],
    ]);
  });

  it('subtracts and intersects sorted intervals', () => {
    expect(
      subtract(
        [[0, 10]],
        [
          [2, 3],
          [5, 12],
        ],
      ),
    ).toEqual([
      [0, 2],
      [3, 5],
    ]);
    expect(
      subtract(
        [
          [0, 10],
          [20, 30],
        ],
        [[8, 22]],
      ),
    ).toEqual([
      [0, 8],
      [22, 30],
    ]);
    expect(
      intersect(
        [
          [0, 5],
          [8, 12],
        ],
        [
          [3, 9],
          [11, 20],
        ],
      ),
    ).toEqual([
      [3, 5],
      [8, 9],
      [11, 12],
    ]);
  });

  it('finds slots only where every member is free in their own hours', () => {
    const berlin = {
      timeZone: 'Europe/Berlin',
      workingHours: nineToSix,
      busy: [[at('2026-03-30T07:00:00Z'), at('2026-03-30T08:00:00Z')]] as [number, number][],
    };
    const newYork = { timeZone: 'America/New_York', workingHours: nineToSix, busy: [] };
    const slots = findSlots([berlin, newYork], {
      from: new Date('2026-03-30T00:00:00Z'),
      to: new Date('2026-03-31T00:00:00Z'),
      durationMinutes: 60,
      stepMinutes: 30,
      limit: 10,
    });
    // New York (EDT, UTC-4) opens at 13:00Z, Berlin (CEST) closes at 16:00Z.
    expect(slots.map(([start]) => new Date(start).toISOString())).toEqual([
      '2026-03-30T13:00:00.000Z',
      '2026-03-30T13:30:00.000Z',
      '2026-03-30T14:00:00.000Z',
      '2026-03-30T14:30:00.000Z',
      '2026-03-30T15:00:00.000Z',
    ]);
  });
});
