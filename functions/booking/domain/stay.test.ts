import { checkInInstant, nightsOf, priceStay, stayProblems } from './stay.js';

const rules = {
  timeZone: 'Europe/Berlin',
  capacity: 2,
  maxNights: 30,
  now: new Date('2026-11-22T12:00:00Z'),
};

describe('stay rules', () => {
  it('accepts a stay starting today in the hotel zone', () => {
    expect(stayProblems({ checkIn: '2026-11-22', checkOut: '2026-11-24' }, 2, rules)).toEqual([]);
  });

  it('judges "today" in the hotel zone, not in UTC', () => {
    // 23:30 UTC on the 22nd is already the 23rd in Tokyo: checking in on the 22nd is in the past there.
    const late = { ...rules, now: new Date('2026-11-22T23:30:00Z') };
    expect(
      stayProblems({ checkIn: '2026-11-22', checkOut: '2026-11-24' }, 1, { ...late, timeZone: 'Asia/Tokyo' }),
    ).toEqual([expect.objectContaining({ field: 'checkIn' })]);
    expect(
      stayProblems({ checkIn: '2026-11-22', checkOut: '2026-11-24' }, 1, {
        ...late,
        timeZone: 'America/New_York',
      }),
    ).toEqual([]);
  });

  it('rejects check-out not after check-in, stays over the maximum and too many guests', () => {
    expect(
      stayProblems({ checkIn: '2026-12-01', checkOut: '2026-12-01' }, 1, rules).map((p) => p.field),
    ).toEqual(['checkOut']);
    expect(stayProblems({ checkIn: '2026-12-01', checkOut: '2027-01-01' }, 1, rules)[0]?.message).toMatch(
      /at most 30 nights/,
    );
    expect(stayProblems({ checkIn: '2026-12-01', checkOut: '2026-12-31' }, 1, rules)).toEqual([]);
    expect(
      stayProblems({ checkIn: '2026-12-01', checkOut: '2026-12-02' }, 3, rules).map((p) => p.field),
    ).toEqual(['guests']);
  });
});

describe('pricing', () => {
  it('lists each night of the half-open stay, across a DST change and a month end', () => {
    expect(nightsOf({ checkIn: '2026-10-24', checkOut: '2026-10-27' })).toEqual([
      '2026-10-24',
      '2026-10-25',
      '2026-10-26',
    ]);
    expect(nightsOf({ checkIn: '2026-02-27', checkOut: '2026-03-02' })).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('uses the base price, overridden night by night by the newest covering rate', () => {
    const price = priceStay({ checkIn: '2026-12-30', checkOut: '2027-01-03' }, 10_000, [
      { id: '1', startsOn: '2026-12-31', endsOn: '2027-01-02', price: 20_000 },
      { id: '2', startsOn: '2027-01-01', endsOn: '2027-01-05', price: 15_000 },
    ]);
    expect(price.nightly).toEqual([
      { date: '2026-12-30', price: 10_000 },
      { date: '2026-12-31', price: 20_000 },
      { date: '2027-01-01', price: 15_000 },
      { date: '2027-01-02', price: 15_000 },
    ]);
    expect(price.total).toBe(60_000);
  });

  it('places check-in at the hotel time in its zone', () => {
    expect(checkInInstant('2026-07-01', '15:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-07-01T13:00:00.000Z',
    );
    expect(checkInInstant('2026-12-01', '15:00', 'Europe/Berlin').toISOString()).toBe(
      '2026-12-01T14:00:00.000Z',
    );
  });
});
