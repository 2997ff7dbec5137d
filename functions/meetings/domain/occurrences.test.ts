import { afterEach, jest } from '@jest/globals';
import { Series } from '#scheduling/recurrence';
import {
  checkedSeriesEnd,
  type MeetingRule,
  nextOccurrenceAfter,
  occurrencesBetween,
} from './occurrences.js';

/**
 * A counted series that matches rarely (a Monday the 31st, about once a year): counting its occurrences
 * from 1970 means walking ~34,000 days. With the stored end (series_ends_at) a window decades later is
 * expanded on its own, as in the calendar's views (docs/calendar.md, bounded CPU).
 */
const rule: MeetingRule = {
  startsAt: new Date('1970-08-31T09:00:00Z'),
  durationMinutes: 60,
  timeZone: 'UTC',
  recurrence: 'FREQ=DAILY;COUNT=95;BYMONTHDAY=31;BYDAY=MO',
};
const storedEnd = checkedSeriesEnd(rule) as Date;
const timing = { ...rule, seriesEndsAt: storedEnd };
const december2063 = [new Date('2063-12-01T00:00:00Z'), new Date('2064-01-01T00:00:00Z')] as const;

afterEach(() => {
  jest.restoreAllMocks();
});

describe('meeting occurrences of a counted series', () => {
  it('computes the stored end once: the 95th occurrence, 31 December 2063', () => {
    expect(storedEnd.toISOString()).toBe('2063-12-31T10:00:00.000Z');
  });

  it('hands the stored end to the series and expands only the window', () => {
    const between = jest.spyOn(Series.prototype, 'between');
    expect(occurrencesBetween(timing, ...december2063)).toEqual([new Date('2063-12-31T09:00:00Z')]);
    expect(between).toHaveBeenCalledWith(...december2063, storedEnd);
    // About the window's days (plus margins), not every day since 1970.
    const series = between.mock.contexts[0] as Series;
    expect(series.periodsWalked).toBeLessThan(100);
  });

  it('finds the next occurrence from the stored end too, and none after the last', () => {
    const firstAfter = jest.spyOn(Series.prototype, 'firstAfter');
    const instant = new Date('2063-12-01T00:00:00Z');
    expect(nextOccurrenceAfter(timing, instant)).toEqual(new Date('2063-12-31T09:00:00Z'));
    expect(firstAfter).toHaveBeenCalledWith(instant, storedEnd);
    expect((firstAfter.mock.contexts[0] as Series).periodsWalked).toBeLessThan(100);
    expect(nextOccurrenceAfter(timing, new Date('2063-12-31T09:00:00Z'))).toBeUndefined();
  });

  it('takes the stored end as the end of the series', () => {
    // A stored end after the 2061-01-31 occurrence: the later ones are not the meeting's any more.
    const cut = { ...rule, seriesEndsAt: new Date('2061-02-01T00:00:00Z') };
    const window = [new Date('2061-01-01T00:00:00Z'), new Date('2062-01-01T00:00:00Z')] as const;
    expect(occurrencesBetween(timing, ...window)).toEqual([
      new Date('2061-01-31T09:00:00Z'),
      new Date('2061-10-31T09:00:00Z'),
    ]);
    expect(occurrencesBetween(cut, ...window)).toEqual([new Date('2061-01-31T09:00:00Z')]);
    expect(nextOccurrenceAfter(cut, new Date('2061-02-01T00:00:00Z'))).toBeUndefined();
  });
});
