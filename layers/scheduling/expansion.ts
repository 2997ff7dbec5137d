/**
 * Expansion of the supported RRULE subset in "floating" time (wall-clock values kept in UTC fields),
 * one period (day, week, month, year) at a time. Unlike a library iterator, which walks period after
 * period until it finds a match (up to year 9999 for a rule that rarely or never matches), the caller
 * says which periods to look at, so every expansion is bounded by construction.
 */

export interface Pattern {
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  /** `MO`…`SU`, numbered (`1MO`, `-1FR`) for MONTHLY/YEARLY. */
  byDay?: string[];
  byMonthDay?: number[];
}

export const DAY_MS = 86_400_000;
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface WeekdayFilter {
  weekday: number;
  nth?: number;
}

/** Day number (days since 1970-01-01) → weekday, Monday = 0. */
const weekdayOf = (day: number) => (((day + 3) % 7) + 7) % 7;
const dayNumber = (year: number, month: number, day: number) => Date.UTC(year, month, day) / DAY_MS;
const monthLength = (year: number, month: number) => new Date(Date.UTC(year, month + 1, 0)).getUTCDate();

export class Expansion {
  /** Periods looked at so far: what an expansion costs, whatever the rule. */
  periodsWalked = 0;
  private readonly startDay: number;
  private readonly weekdays?: WeekdayFilter[];

  constructor(
    private readonly pattern: Pattern,
    /** Floating DTSTART in milliseconds; every occurrence has its time of day. */
    readonly start: number,
  ) {
    this.startDay = Math.floor(start / DAY_MS);
    this.weekdays = pattern.byDay?.map((text) => {
      const match = /^([+-]?\d+)?([A-Z]{2})$/.exec(text);
      return { weekday: WEEKDAYS.indexOf(match?.[2] ?? ''), nth: match?.[1] ? Number(match[1]) : undefined };
    });
  }

  private get timeOfDay(): number {
    return this.start - this.startDay * DAY_MS;
  }

  /** Index of the period (counted in INTERVALs from DTSTART's) containing the floating instant; ≥ 0. */
  periodOf(floating: number): number {
    const day = Math.floor(floating / DAY_MS);
    const date = new Date(day * DAY_MS);
    const origin = new Date(this.startDay * DAY_MS);
    const { freq, interval } = this.pattern;
    const units = {
      DAILY: day - this.startDay,
      WEEKLY: Math.floor((day - this.mondayOf(this.startDay)) / 7),
      MONTHLY:
        (date.getUTCFullYear() - origin.getUTCFullYear()) * 12 + date.getUTCMonth() - origin.getUTCMonth(),
      YEARLY: date.getUTCFullYear() - origin.getUTCFullYear(),
    }[freq];
    return Math.max(0, Math.floor(units / interval));
  }

  /** First day of period `index`, as a floating instant at midnight. */
  periodStart(index: number): number {
    return this.days(index)[0] * DAY_MS;
  }

  /** Day numbers [first, end) of period `index`. */
  private days(index: number): [number, number] {
    const { freq, interval } = this.pattern;
    const origin = new Date(this.startDay * DAY_MS);
    const [y, m] = [origin.getUTCFullYear(), origin.getUTCMonth()];
    switch (freq) {
      case 'DAILY': {
        const day = this.startDay + index * interval;
        return [day, day + 1];
      }
      case 'WEEKLY': {
        const monday = this.mondayOf(this.startDay) + index * interval * 7;
        return [monday, monday + 7];
      }
      case 'MONTHLY':
        return [dayNumber(y, m + index * interval, 1), dayNumber(y, m + index * interval + 1, 1)];
      case 'YEARLY':
        return [dayNumber(y + index * interval, 0, 1), dayNumber(y + index * interval + 1, 0, 1)];
    }
  }

  /** The occurrences in period `index` (floating instants, ascending), never before DTSTART. */
  occurrencesIn(index: number): number[] {
    this.periodsWalked++;
    const [first, last] = this.days(index);
    const result: number[] = [];
    for (let day = first; day < last; day++) {
      const occurrence = day * DAY_MS + this.timeOfDay;
      if (occurrence >= this.start && this.matches(day)) result.push(occurrence);
    }
    return result;
  }

  private mondayOf(day: number): number {
    return day - weekdayOf(day);
  }

  private matches(day: number): boolean {
    const { freq, byMonthDay } = this.pattern;
    const date = new Date(day * DAY_MS);
    const origin = new Date(this.startDay * DAY_MS);
    const weekdays = this.weekdays;
    if (!weekdays && !byMonthDay) {
      // Without BY* parts the rule repeats DTSTART's weekday, day of month or date (as RFC 5545 says).
      if (freq === 'WEEKLY') return weekdayOf(day) === weekdayOf(this.startDay);
      if (freq === 'MONTHLY') return date.getUTCDate() === origin.getUTCDate();
      if (freq === 'YEARLY')
        return date.getUTCMonth() === origin.getUTCMonth() && date.getUTCDate() === origin.getUTCDate();
      return true;
    }
    const length = monthLength(date.getUTCFullYear(), date.getUTCMonth());
    if (
      byMonthDay &&
      !byMonthDay.some((d) => d === date.getUTCDate() || d === date.getUTCDate() - length - 1)
    )
      return false;
    if (!weekdays) return true;
    // Numbered weekdays count within the month (MONTHLY) or the year (YEARLY).
    const year = date.getUTCFullYear();
    const [offset, span] =
      freq === 'YEARLY'
        ? [day - dayNumber(year, 0, 1), dayNumber(year + 1, 0, 1) - dayNumber(year, 0, 1)]
        : [date.getUTCDate() - 1, length];
    const fromStart = Math.floor(offset / 7) + 1;
    const fromEnd = -(Math.floor((span - 1 - offset) / 7) + 1);
    return weekdays.some(
      ({ weekday, nth }) =>
        weekday === weekdayOf(day) && (nth === undefined || nth === fromStart || nth === fromEnd),
    );
  }
}
