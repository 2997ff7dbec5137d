import { DateTime } from 'luxon';
import { DAY_MS, Expansion } from './expansion.js';
import { occurrenceEnd } from './timing.js';
import { zoneOf } from './zones.js';

/** Why a recurrence rule was rejected (the message is shown to the caller as the `recurrence` field error). */
export class RecurrenceError extends Error {
  override name = 'RecurrenceError';
}

const FREQUENCIES = { DAILY: 'DAILY', WEEKLY: 'WEEKLY', MONTHLY: 'MONTHLY', YEARLY: 'YEARLY' } as const;
const MAX_COUNT = 5000;

export interface Recurrence {
  freq: keyof typeof FREQUENCIES;
  interval: number;
  count?: number;
  /** UNTIL as written: `YYYYMMDD`, `YYYYMMDDTHHMMSS` (local to the event's zone) or `...Z` (UTC). */
  until?: string;
  byDay?: string[];
  byMonthDay?: number[];
}

const BYDAY = /^([+-]?(?:[1-9]|[1-4]\d|5[0-3]))?(MO|TU|WE|TH|FR|SA|SU)$/;
const UNTIL = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$/;

/**
 * Parses the supported RFC 5545 subset (FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY), with or
 * without the `RRULE:` prefix. Anything else is rejected rather than silently ignored.
 */
export function parseRecurrence(text: string): Recurrence {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!body) throw new RecurrenceError('The rule is empty.');
  const parts = new Map<string, string>();
  for (const part of body.split(';')) {
    const [key, value, ...rest] = part.split('=');
    if (!key || value === undefined || value === '' || rest.length > 0)
      throw new RecurrenceError(`Malformed part "${part}".`);
    const name = key.toUpperCase();
    if (parts.has(name)) throw new RecurrenceError(`${name} appears twice.`);
    parts.set(name, value.toUpperCase());
  }
  for (const name of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY'].includes(name)) {
      throw new RecurrenceError(
        `${name} is not supported (use FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY).`,
      );
    }
  }
  const freq = parts.get('FREQ');
  if (!freq || !(freq in FREQUENCIES))
    throw new RecurrenceError('FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY.');
  const rule: Recurrence = { freq: freq as Recurrence['freq'], interval: 1 };
  const interval = parts.get('INTERVAL');
  if (interval !== undefined) rule.interval = positiveInt(interval, 'INTERVAL', 1000);
  const count = parts.get('COUNT');
  if (count !== undefined) rule.count = positiveInt(count, 'COUNT', MAX_COUNT);
  const until = parts.get('UNTIL');
  if (until !== undefined) {
    if (rule.count !== undefined) throw new RecurrenceError('COUNT and UNTIL cannot be combined.');
    const match = UNTIL.exec(until);
    // The time too (T250000 would roll over to the next day), not only the date.
    const written =
      match && `${match[1]}-${match[2]}-${match[3]}${match[4] ? `T${match[4]}:${match[5]}:${match[6]}` : ''}`;
    if (!written || !DateTime.fromISO(written, { zone: 'UTC' }).isValid) {
      throw new RecurrenceError('UNTIL must be a date (YYYYMMDD) or date-time (YYYYMMDDTHHMMSSZ).');
    }
    rule.until = until;
  }
  const byDay = parts.get('BYDAY');
  if (byDay !== undefined) {
    rule.byDay = byDay.split(',');
    for (const day of rule.byDay)
      if (!BYDAY.test(day)) throw new RecurrenceError(`BYDAY value "${day}" is not valid.`);
    if (rule.freq !== 'MONTHLY' && rule.freq !== 'YEARLY' && rule.byDay.some((day) => /\d/.test(day))) {
      throw new RecurrenceError('Numbered BYDAY values (e.g. 1MO) need FREQ=MONTHLY or YEARLY.');
    }
  }
  const byMonthDay = parts.get('BYMONTHDAY');
  if (byMonthDay !== undefined) {
    rule.byMonthDay = byMonthDay.split(',').map((day) => {
      const value = Number(day);
      if (!/^[+-]?\d{1,2}$/.test(day) || value === 0 || Math.abs(value) > 31)
        throw new RecurrenceError(`BYMONTHDAY value "${day}" is not valid.`);
      return value;
    });
    if (rule.freq === 'WEEKLY') throw new RecurrenceError('BYMONTHDAY cannot be used with FREQ=WEEKLY.');
  }
  return rule;
}

function positiveInt(value: string, name: string, max: number): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max)
    throw new RecurrenceError(`${name} must be an integer from 1 to ${max}.`);
  return Number(value);
}

/** The canonical text stored and published in the ICS feed, e.g. `FREQ=WEEKLY;INTERVAL=1;BYDAY=MO`. */
export function formatRecurrence(rule: Recurrence): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`);
  if (rule.until !== undefined) parts.push(`UNTIL=${rule.until}`);
  if (rule.byDay) parts.push(`BYDAY=${rule.byDay.join(',')}`);
  if (rule.byMonthDay) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(',')}`);
  return parts.join(';');
}

/**
 * The rule as the ICS feed publishes it. RFC 5545 §3.3.10 wants UNTIL in UTC (`...Z`) next to a
 * DTSTART with TZID and a DATE next to a VALUE=DATE DTSTART; the stored UNTIL may be a date, a local
 * date-time or UTC. It is converted to mean exactly what the views read (untilToFloating): a date
 * ends at 23:59:59 local, a local date-time is in the event's zone.
 */
export function publishedRecurrence(text: string, timeZone: string, allDay: boolean): string {
  const rule = parseRecurrence(text);
  if (rule.until === undefined) return formatRecurrence(rule);
  const floating = DateTime.fromMillis(untilToFloating(rule.until, timeZone), { zone: 'UTC' });
  const until = allDay
    ? floating.toFormat('yyyyMMdd')
    : DateTime.fromObject(floating.toObject(), { zone: timeZone }).toUTC().toFormat("yyyyMMdd'T'HHmmss'Z'");
  return formatRecurrence({ ...rule, until });
}

/** A COUNT rule must reach its count, and every search for a next or last occurrence stops, this far out. */
export const HORIZON_YEARS = 100;
const HORIZON_MS = 36_525 * DAY_MS;

/**
 * A recurring series anchored in an IANA zone. The rule is expanded in "floating" time (wall-clock
 * values stored in UTC fields); each wall time becomes an instant with luxon, so "every Monday 09:00
 * Europe/Berlin" stays 09:00 local on both sides of a DST change. Every method looks at a bounded
 * number of periods (see `periodsWalked`): a window, or at most HORIZON_YEARS, never "until a match".
 */
export class Series {
  private readonly expansion: Expansion;
  private readonly floatingStart: number;
  private readonly floatingUntil: number | undefined;

  constructor(
    readonly start: Date,
    readonly durationMinutes: number,
    readonly timeZone: string,
    private readonly recurrence: Recurrence,
    /** All-day occurrences last whole local days (see occurrenceEnd). */
    readonly allDay = false,
  ) {
    this.floatingStart = this.floating(start);
    this.floatingUntil = recurrence.until ? untilToFloating(recurrence.until, timeZone) : undefined;
    this.expansion = new Expansion(recurrence, this.floatingStart);
  }

  /** Periods (days, weeks, months or years of the rule) examined so far: the cost of the expansions. */
  get periodsWalked(): number {
    return this.expansion.periodsWalked;
  }

  /**
   * Occurrence starts whose [start, end) overlaps [from, to), in order. Only this window is expanded.
   * `knownLastEnd` is the series' end as stored (see lastEnd()): with it a COUNT rule is read like an
   * UNTIL rule (an occurrence belongs to the series exactly when it ends by then), so the window is
   * expanded on its own instead of walking every period from the first occurrence to count.
   */
  between(from: Date, to: Date, knownLastEnd?: Date | null): Date[] {
    // Widen the floating window by two days to cover any zone offset, then filter on exact instants.
    const starts: Date[] = [];
    const lastEnd = this.recurrence.count !== undefined ? (knownLastEnd ?? undefined) : undefined;
    this.walk(
      this.floating(from) - this.durationMs - 2 * DAY_MS,
      this.floating(lastEnd && lastEnd < to ? lastEnd : to) + 2 * DAY_MS,
      (floating) => {
        const start = this.toInstant(floating);
        const end = this.endOf(start);
        if (start < to && end > from && (!lastEnd || end <= lastEnd)) starts.push(start);
        return true;
      },
      lastEnd !== undefined,
    );
    return starts;
  }

  /**
   * The first occurrence starting strictly after `instant` (looking HORIZON_YEARS ahead), or undefined.
   * With `knownLastEnd` (as for between()) a COUNT rule is bounded by that end instead of being counted
   * from its first occurrence, so a long counted series is not walked from its start on every call.
   */
  firstAfter(instant: Date, knownLastEnd?: Date | null): Date | undefined {
    const from = this.floating(instant) - 2 * DAY_MS;
    const lastEnd = this.recurrence.count !== undefined ? (knownLastEnd ?? undefined) : undefined;
    if (lastEnd && lastEnd <= instant) return undefined;
    let found: Date | undefined;
    this.walk(
      from,
      lastEnd ? Math.min(from + HORIZON_MS, this.floating(lastEnd) + 2 * DAY_MS) : from + HORIZON_MS,
      (floating) => {
        const start = this.toInstant(floating);
        if (lastEnd && this.endOf(start) > lastEnd) return false; // past the series' last occurrence
        if (start.getTime() > instant.getTime()) found = start;
        return found === undefined;
      },
      lastEnd !== undefined,
    );
    return found;
  }

  /**
   * RFC 5545 counts DTSTART as the first occurrence even when the rule does not produce it. Requiring
   * the start to be on the rule keeps the views, the reminders and the ICS feed in agreement (a start
   * on Tuesday with BYDAY=MO would show in calendar apps but not in our views).
   */
  startsOnRule(): boolean {
    return this.expansion.occurrencesIn(0)[0] === this.floatingStart;
  }

  /**
   * End of the last occurrence, or undefined for an unbounded series. Throws RecurrenceError when the
   * rule is too sparse to find it within HORIZON_YEARS (COUNT not reached, or nothing before UNTIL).
   */
  lastEnd(): Date | undefined {
    const { count } = this.recurrence;
    const until = this.floatingUntil;
    let last: number | undefined;
    if (count !== undefined) {
      let seen = 0;
      this.walk(this.floatingStart, Number.POSITIVE_INFINITY, (floating) => {
        last = floating;
        return ++seen < count;
      });
      if (seen < count) {
        throw new RecurrenceError(
          `The rule is too sparse: its ${count} occurrences do not fit within ${HORIZON_YEARS} years of the start.`,
        );
      }
    } else if (until !== undefined) {
      if (until < this.floatingStart) return this.endOf(this.start); // no occurrence at all
      last = this.lastUntil(until);
    } else {
      return undefined;
    }
    return this.endOf(last === undefined ? this.start : this.toInstant(last));
  }

  /** The last occurrence at or before UNTIL, looking back period by period at most HORIZON_YEARS. */
  private lastUntil(until: number): number | undefined {
    const lowest = this.expansion.periodOf(Math.max(this.floatingStart, until - HORIZON_MS));
    for (let index = this.expansion.periodOf(until); index >= lowest; index--) {
      const last = this.expansion
        .occurrencesIn(index)
        .filter((floating) => floating <= until)
        .at(-1);
      if (last !== undefined) return last;
    }
    if (lowest === 0) return undefined;
    throw new RecurrenceError(
      `The rule is too sparse: it has no occurrence in the ${HORIZON_YEARS} years before UNTIL.`,
    );
  }

  /**
   * Visits the floating occurrences from `from` (inclusive) in order until `visit` returns false, `to`,
   * UNTIL or COUNT is passed. COUNT is counted from DTSTART, so a counted series is walked from its
   * first period, and never further than HORIZON_YEARS (its end is checked against that on create).
   */
  private walk(
    from: number,
    to: number,
    visit: (floating: number) => boolean,
    /** The caller bounds the series itself (by its known end): COUNT need not be counted. */
    countBoundedByCaller = false,
  ): void {
    const count = countBoundedByCaller ? undefined : this.recurrence.count;
    let stop = Math.min(to, this.floatingUntil ?? Number.POSITIVE_INFINITY);
    if (count !== undefined) stop = Math.min(stop, this.floatingStart + HORIZON_MS);
    let seen = 0;
    for (
      let index = count === undefined ? this.expansion.periodOf(from) : 0;
      this.expansion.periodStart(index) <= stop;
      index++
    ) {
      for (const floating of this.expansion.occurrencesIn(index)) {
        if (floating > stop || (count !== undefined && seen >= count)) return;
        seen++;
        if (floating >= from && !visit(floating)) return;
      }
    }
  }

  private get durationMs(): number {
    return this.durationMinutes * 60_000;
  }

  private endOf(start: Date): Date {
    return occurrenceEnd(start, this);
  }

  private floating(instant: Date): number {
    return toFloating(DateTime.fromJSDate(instant, { zone: zoneOf(this.timeZone) }));
  }

  private toInstant(floating: number): Date {
    const date = new Date(floating);
    return DateTime.fromObject(
      {
        year: date.getUTCFullYear(),
        month: date.getUTCMonth() + 1,
        day: date.getUTCDate(),
        hour: date.getUTCHours(),
        minute: date.getUTCMinutes(),
        second: date.getUTCSeconds(),
      },
      { zone: zoneOf(this.timeZone) },
    ).toJSDate();
  }
}

function toFloating(local: DateTime): number {
  return Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
}

/** UNTIL as the views read it: a date means its local end (23:59:59), a local date-time is in the event's zone. */
function untilToFloating(until: string, timeZone: string): number {
  const [, y, mo, d, h = '23', mi = '59', s = '59', utc] = UNTIL.exec(until) ?? [];
  if (utc) return toFloating(DateTime.fromISO(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`).setZone(timeZone));
  return Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
}
