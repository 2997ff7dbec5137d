import { DateTimeWithOffset, IsoDate } from './common.js';

describe('dates PostgreSQL can store', () => {
  it('IsoDate: real calendar dates from 0001 to 9999; year 0000 and impossible days are refused', () => {
    for (const ok of ['0001-01-01', '2026-02-28', '2024-02-29', '9999-12-31']) {
      expect(IsoDate.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['0000-01-01', '0000-12-31', '2026-02-29', '2026-13-01', '26-01-01']) {
      expect(IsoDate.safeParse(bad).success).toBe(false);
    }
  });

  it('DateTimeWithOffset: an offset is required and the instant is in year 0001 or later (UTC)', () => {
    for (const ok of ['2026-11-22T09:00:00+01:00', '0001-01-01T00:00:00Z', '9999-12-31T23:59:59Z']) {
      expect(DateTimeWithOffset.safeParse(ok).success).toBe(true);
    }
    for (const bad of ['0000-06-01T00:00:00Z', '0001-01-01T00:30:00+01:00', '2026-11-22T09:00:00']) {
      expect(DateTimeWithOffset.safeParse(bad).success).toBe(false);
    }
  });
});
