import { periodContaining } from '#scheduling/periods';
import { alignAllDay, type CalendarEvent, durationBetween, occurrencesBetween, seriesEnd } from './event.js';

const allDayEvent = (fields: Partial<CalendarEvent>): CalendarEvent => ({
  id: 'e1',
  ownerId: 'u1',
  title: 'Holiday',
  description: null,
  startsAt: new Date('2026-10-24T22:00:00Z'), // Sunday 2026-10-25 00:00 Berlin (CEST)
  durationMinutes: 1440,
  timeZone: 'Europe/Berlin',
  allDay: true,
  recurrence: null,
  reminders: [],
  createdAt: new Date('2026-01-01T00:00:00Z'),
  updatedAt: new Date('2026-01-01T00:00:00Z'),
  ...fields,
});

const day = (date: string) => periodContaining('day', date, 'Europe/Berlin');
const ends = (event: CalendarEvent, date: string) =>
  occurrencesBetween(event, day(date).from, day(date).to).map((o) => o.endsAt.toISOString());

describe('all-day events on DST days (Europe/Berlin)', () => {
  it('lasts the whole 25-hour day when the clocks go back', () => {
    const event = allDayEvent({});
    expect(ends(event, '2026-10-25')).toEqual(['2026-10-25T23:00:00.000Z']); // 26 Oct 00:00 CET
    expect(ends(event, '2026-10-26')).toEqual([]);
    expect(seriesEnd(event)?.toISOString()).toBe('2026-10-25T23:00:00.000Z');
  });

  it('lasts the 23-hour day when the clocks go forward, without leaking into the next day', () => {
    const event = allDayEvent({ startsAt: new Date('2026-03-28T23:00:00Z') }); // 29 Mar 00:00 CET
    expect(ends(event, '2026-03-29')).toEqual(['2026-03-29T22:00:00.000Z']); // 30 Mar 00:00 CEST
    expect(ends(event, '2026-03-30')).toEqual([]);
  });

  it('gives every occurrence of a daily all-day series exactly its own day', () => {
    const series = allDayEvent({
      startsAt: new Date('2026-03-27T23:00:00Z'),
      recurrence: 'FREQ=DAILY;COUNT=5',
    });
    const month = periodContaining('month', '2026-03-15', 'Europe/Berlin');
    const occurrences = occurrencesBetween(series, month.from, month.to);
    expect(occurrences.map((o) => [o.startsAt.toISOString(), o.endsAt.toISOString()])).toEqual([
      ['2026-03-27T23:00:00.000Z', '2026-03-28T23:00:00.000Z'],
      ['2026-03-28T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
      ['2026-03-29T22:00:00.000Z', '2026-03-30T22:00:00.000Z'],
      ['2026-03-30T22:00:00.000Z', '2026-03-31T22:00:00.000Z'],
    ]);
    expect(ends(series, '2026-03-30')).toEqual(['2026-03-30T22:00:00.000Z']);
    expect(seriesEnd(series)?.toISOString()).toBe('2026-04-01T22:00:00.000Z');
  });

  it('counts an end given as the next midnight as one day, not 25 hours rounded up', () => {
    const start = new Date('2026-10-24T22:00:00Z');
    expect(durationBetween(start, new Date('2026-10-25T23:00:00Z'), 'Europe/Berlin', true)).toBe(1440);
    expect(durationBetween(start, new Date('2026-10-26T10:00:00Z'), 'Europe/Berlin', true)).toBe(2880);
    expect(durationBetween(start, new Date('2026-10-25T23:00:00Z'), 'Europe/Berlin', false)).toBe(1500);
  });

  it('keeps its date when only the zone changes', () => {
    const start = new Date('2026-10-24T22:00:00Z'); // 25 Oct in Berlin, still 24 Oct in UTC and New York
    const moved = alignAllDay(start, 1440, 'America/New_York', 'Europe/Berlin');
    expect(moved.startsAt.toISOString()).toBe('2026-10-25T04:00:00.000Z'); // 25 Oct 00:00 EDT
    expect(alignAllDay(start, 1500, 'UTC').durationMinutes).toBe(2880);
  });
});
