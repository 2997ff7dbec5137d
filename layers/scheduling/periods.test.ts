import { periodContaining } from './periods.js';

describe('periodContaining', () => {
  it('gives the ISO week Monday to Monday in the zone', () => {
    const week = periodContaining('week', '2026-03-25', 'Europe/Berlin');
    expect(week.from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    // The week contains the spring-forward Sunday: it is 167 hours long.
    expect(week.to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('makes the DST days 23 and 25 hours long', () => {
    const spring = periodContaining('day', '2026-03-29', 'Europe/Berlin');
    expect((spring.to.getTime() - spring.from.getTime()) / 3_600_000).toBe(23);
    const autumn = periodContaining('day', '2026-10-25', 'Europe/Berlin');
    expect((autumn.to.getTime() - autumn.from.getTime()) / 3_600_000).toBe(25);
  });

  it('gives the calendar month', () => {
    const month = periodContaining('month', '2026-02-14', 'America/New_York');
    expect(month.from.toISOString()).toBe('2026-02-01T05:00:00.000Z');
    expect(month.to.toISOString()).toBe('2026-03-01T05:00:00.000Z');
  });
});
