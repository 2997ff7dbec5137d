import { formatRecurrence, parseRecurrence, RecurrenceError, Series } from './recurrence.js';

const iso = (dates: Date[]) => dates.map((date) => date.toISOString());

describe('parseRecurrence', () => {
  it('accepts the supported subset and normalises it', () => {
    const rule = parseRecurrence('RRULE:freq=weekly;interval=2;byday=MO,WE;until=20271231T000000Z');
    expect(rule).toEqual({ freq: 'WEEKLY', interval: 2, until: '20271231T000000Z', byDay: ['MO', 'WE'] });
    expect(formatRecurrence(rule)).toBe('FREQ=WEEKLY;INTERVAL=2;UNTIL=20271231T000000Z;BYDAY=MO,WE');
    expect(formatRecurrence(parseRecurrence('FREQ=MONTHLY;BYMONTHDAY=1,-1;COUNT=3'))).toBe(
      'FREQ=MONTHLY;COUNT=3;BYMONTHDAY=1,-1',
    );
  });

  it.each([
    ['', 'empty'],
    ['FREQ=HOURLY', 'FREQ must be'],
    ['FREQ=DAILY;BYHOUR=9', 'BYHOUR is not supported'],
    ['FREQ=DAILY;COUNT=2;UNTIL=20270101', 'cannot be combined'],
    ['FREQ=DAILY;COUNT=0', 'COUNT must be'],
    ['FREQ=DAILY;INTERVAL=x', 'INTERVAL must be'],
    ['FREQ=DAILY;UNTIL=2027-01-01', 'UNTIL must be'],
    ['FREQ=DAILY;UNTIL=20270231', 'UNTIL must be'],
    ['FREQ=WEEKLY;BYDAY=XX', 'BYDAY value'],
    ['FREQ=WEEKLY;BYDAY=1MO', 'Numbered BYDAY'],
    ['FREQ=MONTHLY;BYMONTHDAY=32', 'BYMONTHDAY value'],
    ['FREQ=WEEKLY;BYMONTHDAY=3', 'cannot be used with FREQ=WEEKLY'],
    ['FREQ=DAILY;FREQ=WEEKLY', 'appears twice'],
    ['FREQ', 'Malformed'],
  ])('rejects %j', (text, message) => {
    expect(() => parseRecurrence(text)).toThrow(RecurrenceError);
    expect(() => parseRecurrence(text)).toThrow(message);
  });
});

describe('Series', () => {
  // Monday 2026-03-23 09:00 Berlin (CET, +01:00); Berlin switches to CEST on Sunday 2026-03-29.
  const weekly = new Series(
    new Date('2026-03-23T08:00:00Z'),
    60,
    'Europe/Berlin',
    parseRecurrence('FREQ=WEEKLY;BYDAY=MO'),
  );

  it('keeps the local wall time across a DST change', () => {
    const starts = weekly.between(new Date('2026-03-20T00:00:00Z'), new Date('2026-04-10T00:00:00Z'));
    // 09:00 local is 08:00Z before the change and 07:00Z after it.
    expect(iso(starts)).toEqual([
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
  });

  it('expands only the requested window of an unbounded series, far in the future too', () => {
    // 2036-03-25 is a Tuesday.
    expect(weekly.between(new Date('2036-03-25T00:00:00Z'), new Date('2036-03-26T00:00:00Z'))).toHaveLength(
      0,
    );
    const monday = weekly.between(new Date('2036-03-24T00:00:00Z'), new Date('2036-03-31T00:00:00Z'));
    expect(iso(monday)).toEqual(['2036-03-24T08:00:00.000Z']);
    expect(weekly.lastEnd()).toBeUndefined();
  });

  it('includes an occurrence that started before the window but is still running', () => {
    const starts = weekly.between(new Date('2026-03-23T08:30:00Z'), new Date('2026-03-23T08:45:00Z'));
    expect(iso(starts)).toEqual(['2026-03-23T08:00:00.000Z']);
    expect(weekly.between(new Date('2026-03-23T09:00:00Z'), new Date('2026-03-23T10:00:00Z'))).toEqual([]);
  });

  it('finds the first occurrence strictly after an instant', () => {
    expect(weekly.firstAfter(new Date('2026-03-23T08:00:00Z'))?.toISOString()).toBe(
      '2026-03-30T07:00:00.000Z',
    );
    expect(weekly.firstAfter(new Date('2026-03-01T00:00:00Z'))?.toISOString()).toBe(
      '2026-03-23T08:00:00.000Z',
    );
  });

  it('knows where a bounded series ends (COUNT and UNTIL)', () => {
    const counted = new Series(
      new Date('2026-03-23T08:00:00Z'),
      30,
      'Europe/Berlin',
      parseRecurrence('FREQ=DAILY;COUNT=10'),
    );
    expect(counted.lastEnd()?.toISOString()).toBe('2026-04-01T07:30:00.000Z');
    expect(counted.firstAfter(new Date('2026-04-01T07:00:00Z'))).toBeUndefined();
    const until = new Series(
      new Date('2026-03-23T08:00:00Z'),
      30,
      'Europe/Berlin',
      parseRecurrence('FREQ=WEEKLY;UNTIL=20260406'),
    );
    expect(until.lastEnd()?.toISOString()).toBe('2026-04-06T07:30:00.000Z');
    const utcUntil = new Series(
      new Date('2026-03-23T08:00:00Z'),
      30,
      'Europe/Berlin',
      parseRecurrence('FREQ=WEEKLY;UNTIL=20260406T065959Z'),
    );
    expect(utcUntil.lastEnd()?.toISOString()).toBe('2026-03-30T07:30:00.000Z');
  });

  it('handles monthly rules with negative BYMONTHDAY and numbered BYDAY', () => {
    const lastDay = new Series(
      new Date('2026-01-31T10:00:00Z'),
      60,
      'UTC',
      parseRecurrence('FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3'),
    );
    expect(iso(lastDay.between(new Date('2026-01-01Z'), new Date('2026-12-31Z')))).toEqual([
      '2026-01-31T10:00:00.000Z',
      '2026-02-28T10:00:00.000Z',
      '2026-03-31T10:00:00.000Z',
    ]);
    const firstMonday = new Series(
      new Date('2026-01-05T10:00:00Z'),
      60,
      'UTC',
      parseRecurrence('FREQ=MONTHLY;BYDAY=1MO;COUNT=2'),
    );
    expect(iso(firstMonday.between(new Date('2026-01-01Z'), new Date('2026-12-31Z')))).toEqual([
      '2026-01-05T10:00:00.000Z',
      '2026-02-02T10:00:00.000Z',
    ]);
  });
});
