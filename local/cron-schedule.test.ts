import { scheduleMatcher } from './cron-schedule.js';

const at = (iso: string) => new Date(iso);

describe('EventBridge schedule expressions (UTC)', () => {
  it('fires rate() every n minutes, hours or days', () => {
    const everyMinute = scheduleMatcher('rate(1 minute)');
    expect(everyMinute(at('2026-03-01T10:07:00Z'))).toBe(true);
    const everyFive = scheduleMatcher('rate(5 minutes)');
    expect(
      [0, 5, 7, 10].map((m) => everyFive(at(`2026-03-01T10:${String(m).padStart(2, '0')}:00Z`))),
    ).toEqual([true, true, false, true]);
    expect(scheduleMatcher('rate(2 hours)')(at('2026-03-01T10:00:00Z'))).toBe(true);
    expect(scheduleMatcher('rate(2 hours)')(at('2026-03-01T11:00:00Z'))).toBe(false);
    expect(scheduleMatcher('rate(1 day)')(at('2026-03-01T00:00:00Z'))).toBe(true);
    expect(scheduleMatcher('rate(1 day)')(at('2026-03-01T00:01:00Z'))).toBe(false);
  });

  it('fires cron() on its fields, day-of-week 1-7 = SUN-SAT, names and steps', () => {
    const nightly = scheduleMatcher('cron(15 3 * * ? *)');
    expect(nightly(at('2026-03-01T03:15:00Z'))).toBe(true);
    expect(nightly(at('2026-03-01T04:15:00Z'))).toBe(false);
    const weekdays = scheduleMatcher('cron(0/30 8-17 ? * MON-FRI *)');
    expect(weekdays(at('2026-03-02T08:30:00Z'))).toBe(true); // a Monday
    expect(weekdays(at('2026-03-01T08:30:00Z'))).toBe(false); // a Sunday
    expect(weekdays(at('2026-03-02T08:15:00Z'))).toBe(false);
    expect(scheduleMatcher('cron(0 12 ? * 1 *)')(at('2026-03-01T12:00:00Z'))).toBe(true); // 1 = Sunday
    expect(scheduleMatcher('cron(0 0 1 JAN,JUL ? 2027)')(at('2027-07-01T00:00:00Z'))).toBe(true);
    expect(scheduleMatcher('cron(0 0 1 JAN,JUL ? 2027)')(at('2026-07-01T00:00:00Z'))).toBe(false);
  });

  it('refuses what it cannot evaluate, with the reason', () => {
    expect(() => scheduleMatcher('every minute')).toThrow(/neither rate/);
    expect(() => scheduleMatcher('rate(1 week)')).toThrow(/rate\(<n> minute/);
    expect(() => scheduleMatcher('cron(0 12 * * ?)')).toThrow(/6 fields/);
    expect(() => scheduleMatcher('cron(0 12 L * ? *)')).toThrow(/not supported locally/);
    expect(() => scheduleMatcher('cron(61 12 * * ? *)')).toThrow(/outside 0-59/);
  });
});
