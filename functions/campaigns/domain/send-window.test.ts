import { msUntilWindow } from './send-window.js';

const at = (iso: string) => new Date(iso);
const minutes = (ms: number) => ms / 60_000;
const window = { start: '09:00', end: '21:00' };

describe('msUntilWindow', () => {
  it('is 0 inside the window and without one', () => {
    expect(msUntilWindow(at('2026-06-10T10:00:00Z'), 'Europe/Berlin', window)).toBe(0); // 12:00 local
    expect(msUntilWindow(at('2026-06-10T02:00:00Z'), 'Europe/Berlin', null)).toBe(0);
  });

  it('waits for the opening in each recipient zone, for the same instant', () => {
    const now = at('2026-06-10T06:00:00Z');
    expect(minutes(msUntilWindow(now, 'Europe/Berlin', window))).toBe(60); // 08:00 → 09:00
    expect(minutes(msUntilWindow(now, 'Asia/Tokyo', window))).toBe(0); // 15:00
    expect(minutes(msUntilWindow(now, 'America/New_York', window))).toBe(60 * 7); // 02:00 → 09:00
    expect(minutes(msUntilWindow(now, 'Asia/Kolkata', window))).toBe(0); // 11:30
  });

  it('after the window closes, waits for the next day', () => {
    // 22:00 in Berlin (CEST) → 09:00 next day = 11 h.
    expect(minutes(msUntilWindow(at('2026-06-10T20:00:00Z'), 'Europe/Berlin', window))).toBe(11 * 60);
  });

  it('keeps local wall-clock times across the spring-forward night (a 23-hour day)', () => {
    // Berlin, 2026-03-28 22:00 CET (21:00Z) → 2026-03-29 09:00 CEST (07:00Z): 10 h, not 11.
    const now = at('2026-03-28T21:00:00Z');
    expect(minutes(msUntilWindow(now, 'Europe/Berlin', window))).toBe(10 * 60);
    expect(new Date(now.getTime() + msUntilWindow(now, 'Europe/Berlin', window)).toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
  });

  it('keeps local wall-clock times across the fall-back night (a 25-hour day)', () => {
    // New York, 2026-11-01 (DST ends 02:00 → 01:00): 00:30 EDT (04:30Z) → 09:00 EST (14:00Z) = 9.5 h.
    const now = at('2026-11-01T04:30:00Z');
    expect(minutes(msUntilWindow(now, 'America/New_York', window))).toBe(9.5 * 60);
  });

  it('a window inside the skipped hour opens at the first existing instant', () => {
    const early = { start: '02:30', end: '04:00' };
    // Berlin 2026-03-29 01:00 CET (00:00Z): 02:30 does not exist that night.
    const wait = msUntilWindow(at('2026-03-29T00:00:00Z'), 'Europe/Berlin', early);
    const opens = new Date(Date.parse('2026-03-29T00:00:00Z') + wait);
    expect(opens.getTime()).toBeGreaterThan(Date.parse('2026-03-29T00:00:00Z'));
    expect(opens.getTime()).toBeLessThanOrEqual(Date.parse('2026-03-29T02:00:00Z')); // ≤ 04:00 CEST
  });
});
