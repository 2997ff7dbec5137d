import { channelsFor, quietHoursWaitMs } from './delivery-policy.js';

describe('channelsFor', () => {
  it('always keeps in_app and defaults to every channel', () => {
    expect(channelsFor('booking.confirmed', ['in_app'], null)).toEqual(['in_app', 'telegram', 'email']);
  });
  it('uses the choice for the type, then for *', () => {
    const prefs = { channels: { 'calendar.reminder': ['telegram' as const], '*': [] }, quietHours: null };
    expect(channelsFor('calendar.reminder', ['in_app'], prefs)).toEqual(['in_app', 'telegram']);
    expect(channelsFor('booking.confirmed', ['in_app'], prefs)).toEqual(['in_app']);
  });
});

describe('quietHoursWaitMs', () => {
  const quiet = { start: '22:00', end: '07:00' };
  it('is zero outside the window', () => {
    expect(quietHoursWaitMs(new Date('2026-03-10T12:00:00Z'), 'Europe/Berlin', quiet)).toBe(0);
  });
  it('waits until the window ends in the user zone, across midnight', () => {
    // 23:30 in Berlin (UTC+1) → 07:00 next morning = 7.5 hours.
    expect(quietHoursWaitMs(new Date('2026-03-10T22:30:00Z'), 'Europe/Berlin', quiet)).toBe(7.5 * 3_600_000);
    // 06:00 Berlin → one hour.
    expect(quietHoursWaitMs(new Date('2026-03-11T05:00:00Z'), 'Europe/Berlin', quiet)).toBe(3_600_000);
  });
  it('handles a window within one day', () => {
    const day = { start: '12:00', end: '13:00' };
    expect(quietHoursWaitMs(new Date('2026-03-10T12:15:00Z'), 'UTC', day)).toBe(45 * 60_000);
  });
});
