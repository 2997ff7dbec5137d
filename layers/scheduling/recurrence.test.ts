import * as rruleModule from 'rrule';
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
    ['FREQ=DAILY;UNTIL=20261231T250000', 'UNTIL must be'],
    ['FREQ=DAILY;UNTIL=20261231T250000Z', 'UNTIL must be'],
    ['FREQ=DAILY;UNTIL=20261231T126000Z', 'UNTIL must be'],
    ['FREQ=DAILY;UNTIL=20261231T120060', 'UNTIL must be'],
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

  it('tells whether the start is an occurrence of the rule', () => {
    expect(weekly.startsOnRule()).toBe(true);
    // Tuesday 09:00 Berlin with BYDAY=MO: RFC 5545 would count it, rrule would not.
    const tuesday = new Series(
      new Date('2026-03-24T08:00:00Z'),
      60,
      'Europe/Berlin',
      parseRecurrence('FREQ=WEEKLY;BYDAY=MO'),
    );
    expect(tuesday.startsOnRule()).toBe(false);
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

describe('Series far from its start', () => {
  // A window starting at the first occurrence expands from DTSTART itself; a window years later uses a
  // rule moved forward by whole periods. Both must give the same occurrences.
  const rules = [
    'FREQ=DAILY',
    'FREQ=DAILY;INTERVAL=3',
    'FREQ=WEEKLY',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,FR',
    'FREQ=WEEKLY;INTERVAL=3',
    'FREQ=MONTHLY',
    'FREQ=MONTHLY;INTERVAL=5',
    'FREQ=MONTHLY;BYDAY=1MO,-1FR',
    'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=31',
    'FREQ=YEARLY',
    'FREQ=YEARLY;INTERVAL=2;BYDAY=-1SU',
    'FREQ=DAILY;UNTIL=20330615T120000Z',
  ];
  const start = new Date('2026-01-31T08:30:00Z');

  it.each(rules)('%s gives the same occurrences either way', (rule) => {
    const series = new Series(start, 90, 'America/New_York', parseRecurrence(rule));
    const all = series.between(start, new Date('2034-01-01T00:00:00Z'));
    let compared = 0;
    for (const [from, to] of [
      ['2031-03-01', '2031-04-15'],
      ['2031-12-15', '2032-02-15'],
      ['2032-10-20', '2033-01-10'],
      ['2033-06-01', '2033-12-31'],
    ]) {
      const window = [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)] as const;
      const expected = all.filter(
        (occurrence) => occurrence < window[1] && occurrence.getTime() + 90 * 60_000 > window[0].getTime(),
      );
      expect(iso(series.between(...window))).toEqual(iso(expected));
      compared += expected.length;
    }
    expect(compared).toBeGreaterThan(0);
  });

  it('stays cheap for windows centuries after the start', () => {
    const daily = new Series(start, 60, 'Europe/Berlin', parseRecurrence('FREQ=DAILY;UNTIL=29991231'));
    expect(daily.lastEnd()?.toISOString()).toBe('2999-12-31T09:30:00.000Z');
    expect(daily.firstAfter(new Date('2990-01-01T12:00:00Z'))?.toISOString()).toBe(
      '2990-01-02T08:30:00.000Z',
    );
    expect(iso(daily.between(new Date('2500-06-01T00:00:00Z'), new Date('2500-06-03T00:00:00Z')))).toEqual([
      '2500-06-01T07:30:00.000Z',
      '2500-06-02T07:30:00.000Z',
    ]);
  });
});

describe('Series agrees with rrule', () => {
  // rrule (the reference implementation of RFC 5545) is the oracle for the expansion on rules dense
  // enough for it to be fast; the expansion itself no longer uses it.
  const rules = [
    'FREQ=DAILY;COUNT=40',
    'FREQ=DAILY;INTERVAL=3;BYDAY=MO,SA;COUNT=30',
    'FREQ=DAILY;BYMONTHDAY=1,15,-1;COUNT=30',
    'FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,TH,SU;COUNT=30',
    'FREQ=WEEKLY;COUNT=20',
    'FREQ=MONTHLY;COUNT=30',
    'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=20',
    'FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU,-1SA;COUNT=20',
    'FREQ=MONTHLY;BYDAY=MO;BYMONTHDAY=1,2,3,4,5,6,7;COUNT=12',
    'FREQ=MONTHLY;BYDAY=TU,FR;COUNT=25',
    'FREQ=YEARLY;COUNT=10',
    'FREQ=YEARLY;BYDAY=20MO,-1FR;COUNT=10',
    'FREQ=YEARLY;BYMONTHDAY=-1;COUNT=30',
    'FREQ=YEARLY;BYDAY=SU;COUNT=60',
  ];
  // Thursday 2028-02-03 (a leap year) 10:15 floating; the zone is UTC so floating = instant.
  it.each(rules)('%s', (text) => {
    const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
    const oracle = RRule.fromString(`DTSTART:20280203T101500Z\nRRULE:${text}`).all();
    const first = oracle[0] as Date;
    const series = new Series(first, 30, 'UTC', parseRecurrence(text));
    expect(series.startsOnRule()).toBe(true);
    expect(iso(series.between(first, new Date('2100-01-01T00:00:00Z')))).toEqual(iso(oracle));
    expect(series.lastEnd()?.toISOString()).toBe(
      new Date((oracle.at(-1) as Date).getTime() + 30 * 60_000).toISOString(),
    );
  });
});

describe('Series cost is bounded whatever the rule', () => {
  // Monday the 31st happens about once a year: 5,000 of them would run to year 7000.
  const sparse = 'FREQ=DAILY;COUNT=5000;BYMONTHDAY=31;BYDAY=MO';
  const start = new Date('2026-08-31T07:00:00Z'); // Monday 31 August 2026, 09:00 Berlin
  const horizonDays = 36_525;

  it('rejects a COUNT rule whose occurrences do not fit within the horizon, after walking it once', () => {
    const series = new Series(start, 60, 'Europe/Berlin', parseRecurrence(sparse));
    expect(series.startsOnRule()).toBe(true);
    expect(() => series.lastEnd()).toThrow(/too sparse.*100 years/);
    expect(series.periodsWalked).toBeLessThanOrEqual(horizonDays + 2);
  });

  it('expands a view of year 6000 of the same rule without walking there', () => {
    const series = new Series(start, 60, 'Europe/Berlin', parseRecurrence(sparse));
    expect(series.between(new Date('6000-01-31T00:00:00Z'), new Date('6000-02-01T00:00:00Z'))).toEqual([]);
    expect(series.firstAfter(new Date('6000-01-31T00:00:00Z'))).toBeUndefined();
    expect(series.periodsWalked).toBeLessThanOrEqual(2 * (horizonDays + 2));
  });

  it('expands only the window of an unbounded sparse rule, and gives up on a next occurrence after the horizon', () => {
    const series = new Series(
      start,
      60,
      'Europe/Berlin',
      parseRecurrence('FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO'),
    );
    expect(iso(series.between(new Date('6000-01-01T00:00:00Z'), new Date('6000-02-01T00:00:00Z')))).toEqual([
      '6000-01-31T08:00:00.000Z', // Monday 31 January 6000, 09:00 CET
    ]);
    expect(series.periodsWalked).toBeLessThan(40);
    // A rule that never matches again (the 5th Monday of a month that has none after the start).
    const never = new Series(
      new Date('2026-08-31T07:00:00Z'),
      60,
      'Europe/Berlin',
      parseRecurrence('FREQ=YEARLY;INTERVAL=1000;BYDAY=MO;BYMONTHDAY=31'),
    );
    expect(never.firstAfter(start)).toBeUndefined();
    expect(never.periodsWalked).toBeLessThanOrEqual(2);
  });

  it('finds the last occurrence before a far UNTIL by looking back from it', () => {
    const series = new Series(start, 60, 'Europe/Berlin', parseRecurrence('FREQ=DAILY;UNTIL=99991231'));
    expect(series.lastEnd()?.toISOString()).toBe('9999-12-31T09:00:00.000Z');
    expect(series.periodsWalked).toBeLessThanOrEqual(2);
    // Every 1,000th day, and only when it is Monday the 31st: nothing in the century before UNTIL.
    const tooSparse = new Series(
      start,
      60,
      'Europe/Berlin',
      parseRecurrence('FREQ=DAILY;INTERVAL=1000;BYDAY=MO;BYMONTHDAY=31;UNTIL=99991231'),
    );
    expect(() => tooSparse.lastEnd()).toThrow(/too sparse.*before UNTIL/);
    expect(tooSparse.periodsWalked).toBeLessThanOrEqual(38);
  });
});

describe('a COUNT series read with its stored end', () => {
  const rule = parseRecurrence('FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=95');
  const start = new Date('1970-08-31T09:00:00Z');

  it('expands only the window, not every period since the first occurrence, with the same result', () => {
    const lastEnd = new Series(start, 60, 'UTC', rule).lastEnd();
    expect(lastEnd?.toISOString()).toBe('2063-12-31T10:00:00.000Z');
    for (const [from, to] of [
      ['2026-08-01', '2026-09-01'],
      ['2063-12-01', '2064-01-01'],
      ['2064-03-01', '2064-04-01'],
      ['1970-08-01', '1970-09-01'],
    ]) {
      const window = [new Date(`${from}T00:00:00Z`), new Date(`${to}T00:00:00Z`)] as const;
      const walking = new Series(start, 60, 'UTC', rule);
      const jumping = new Series(start, 60, 'UTC', rule);
      expect(iso(jumping.between(...window, lastEnd))).toEqual(iso(walking.between(...window)));
      expect(jumping.periodsWalked).toBeLessThanOrEqual(40);
    }
    const walking = new Series(start, 60, 'UTC', rule);
    walking.between(new Date('2026-08-01T00:00:00Z'), new Date('2026-09-01T00:00:00Z'));
    expect(walking.periodsWalked).toBeGreaterThan(20_000);
  });

  it('finds the next occurrence the same way, without walking from the first occurrence', () => {
    const lastEnd = new Series(start, 60, 'UTC', rule).lastEnd();
    for (const instant of [
      '2026-08-15T00:00:00Z',
      '1970-08-31T09:00:00Z',
      '2063-12-30T00:00:00Z',
      '2063-12-31T09:00:00Z',
      '2070-01-01T00:00:00Z',
    ]) {
      const walking = new Series(start, 60, 'UTC', rule);
      const jumping = new Series(start, 60, 'UTC', rule);
      const at = new Date(instant);
      expect(jumping.firstAfter(at, lastEnd)?.toISOString()).toBe(walking.firstAfter(at)?.toISOString());
      expect(jumping.periodsWalked).toBeLessThanOrEqual(400);
    }
    const walking = new Series(start, 60, 'UTC', rule);
    walking.firstAfter(new Date('2026-08-15T00:00:00Z'));
    expect(walking.periodsWalked).toBeGreaterThan(20_000);
  });
});
