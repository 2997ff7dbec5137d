import { DateTime } from 'luxon';
import * as rruleModule from 'rrule';

// Node loads rrule's CommonJS build, whose exports sit under `default`; esbuild (deploy bundles) loads
// its ES module build, which has real named exports and no default. Take whichever is there.
const { RRule } = (rruleModule as unknown as { default?: typeof rruleModule }).default ?? rruleModule;
type RRuleInstance = InstanceType<typeof RRule>;

/** Why a recurrence rule was rejected (the message is shown to the caller as the `recurrence` field error). */
export class RecurrenceError extends Error {
  override name = 'RecurrenceError';
}

const FREQUENCIES = {
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
  YEARLY: RRule.YEARLY,
} as const;
const WEEKDAYS = {
  MO: RRule.MO,
  TU: RRule.TU,
  WE: RRule.WE,
  TH: RRule.TH,
  FR: RRule.FR,
  SA: RRule.SA,
  SU: RRule.SU,
} as const;
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
    if (!match || !DateTime.fromISO(`${match[1]}-${match[2]}-${match[3]}`).isValid) {
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
 * A recurring series anchored in an IANA zone. rrule computes in "floating" time (wall-clock values
 * stored in UTC fields); we convert each wall time to an instant with luxon, so "every Monday 09:00
 * Europe/Berlin" stays 09:00 local on both sides of a DST change.
 */
export class Series {
  private readonly rule: RRuleInstance;
  private readonly dtstart: Date;

  constructor(
    readonly start: Date,
    readonly durationMinutes: number,
    readonly timeZone: string,
    private readonly recurrence: Recurrence,
  ) {
    this.dtstart = toFloating(DateTime.fromJSDate(start, { zone: timeZone }));
    this.rule = this.ruleFrom(this.dtstart);
  }

  /** Occurrence starts whose [start, start + duration) overlaps [from, to), in order. Only this window is expanded. */
  between(from: Date, to: Date): Date[] {
    // Widen the floating window by two days to cover any zone offset, then filter on exact instants.
    const floatingFrom = new Date(this.floating(from).getTime() - this.durationMs - 2 * DAY);
    const floatingTo = new Date(this.floating(to).getTime() + 2 * DAY);
    return this.ruleNear(floatingFrom)
      .between(floatingFrom, floatingTo, true)
      .map((floating) => this.toInstant(floating))
      .filter(
        (start) => start.getTime() < to.getTime() && start.getTime() + this.durationMs > from.getTime(),
      );
  }

  /** The first occurrence starting strictly after `instant`, or undefined when the series has ended. */
  firstAfter(instant: Date): Date | undefined {
    let cursor = new Date(this.floating(instant).getTime() - 2 * DAY);
    const rule = this.ruleNear(cursor);
    for (let step = 0; step < 1000; step++) {
      const next = rule.after(cursor, false);
      if (!next) return undefined;
      const start = this.toInstant(next);
      if (start.getTime() > instant.getTime()) return start;
      cursor = next;
    }
    return undefined;
  }

  /**
   * RFC 5545 counts DTSTART as the first occurrence even when the rule does not produce it; rrule does
   * not. Requiring the start to be on the rule keeps the views, the reminders and the ICS feed in
   * agreement (a start on Tuesday with BYDAY=MO would show in calendar apps but not in our views).
   */
  startsOnRule(): boolean {
    return this.rule.after(this.dtstart, true)?.getTime() === this.dtstart.getTime();
  }

  /** End of the last occurrence, or undefined for an unbounded series. */
  lastEnd(): Date | undefined {
    const { count, until } = this.rule.options;
    if (count === null && until === null) return undefined;
    const last =
      count !== null ? this.rule.all().at(-1) : this.ruleNear(until as Date).before(until as Date, true);
    // A bounded rule whose first match is after UNTIL has no occurrence at all: it ends where it starts.
    const lastStart = last ? this.toInstant(last) : this.start;
    return new Date(lastStart.getTime() + this.durationMs);
  }

  private get durationMs(): number {
    return this.durationMinutes * 60_000;
  }

  private floating(instant: Date): Date {
    return toFloating(DateTime.fromJSDate(instant, { zone: this.timeZone }));
  }

  private ruleFrom(
    dtstart: Date,
    defaults: Partial<{ byweekday: number[]; bymonth: number[]; bymonthday: number[] }> = {},
  ) {
    const recurrence = this.recurrence;
    return new RRule({
      freq: FREQUENCIES[recurrence.freq],
      interval: recurrence.interval,
      count: recurrence.count ?? null,
      until: recurrence.until ? untilToFloating(recurrence.until, this.timeZone) : null,
      byweekday: recurrence.byDay?.map(toWeekday) ?? defaults.byweekday ?? null,
      bymonthday: recurrence.byMonthDay ?? defaults.bymonthday ?? null,
      bymonth: defaults.bymonth ?? null,
      dtstart,
    });
  }

  /**
   * rrule iterates from DTSTART, so a window years after the start would cost one step per occurrence
   * in between (a daily series queried for 2990 took seconds). Without COUNT the series repeats every
   * INTERVAL periods, so the rule may start a whole number of periods later, two periods before `near`,
   * with the defaults rrule would have taken from the original start made explicit.
   */
  private ruleNear(near: Date): RRuleInstance {
    const { freq, interval, count, byDay, byMonthDay } = this.recurrence;
    if (count !== undefined) return this.rule; // COUNT (≤ 5000) is counted from the first occurrence
    const origin = this.dtstart;
    const days = Math.floor((near.getTime() - origin.getTime()) / DAY);
    const months =
      (near.getUTCFullYear() - origin.getUTCFullYear()) * 12 + near.getUTCMonth() - origin.getUTCMonth();
    const periods = {
      DAILY: days,
      WEEKLY: Math.floor(days / 7),
      MONTHLY: months,
      YEARLY: Math.floor(months / 12),
    }[freq];
    const shift = (Math.floor(periods / interval) - 2) * interval;
    if (shift <= 0) return this.rule;
    const time = [origin.getUTCHours(), origin.getUTCMinutes(), origin.getUTCSeconds()] as const;
    const y = origin.getUTCFullYear();
    const m = origin.getUTCMonth();
    const d = origin.getUTCDate();
    const plain = !byDay && !byMonthDay;
    switch (freq) {
      case 'DAILY':
        return this.ruleFrom(new Date(origin.getTime() + shift * DAY));
      case 'WEEKLY':
        return this.ruleFrom(
          new Date(origin.getTime() + shift * 7 * DAY),
          plain ? { byweekday: [(origin.getUTCDay() + 6) % 7] } : {},
        );
      case 'MONTHLY':
        return this.ruleFrom(new Date(Date.UTC(y, m + shift, 1, ...time)), plain ? { bymonthday: [d] } : {});
      case 'YEARLY':
        return this.ruleFrom(
          new Date(Date.UTC(y + shift, 0, 1, ...time)),
          plain ? { bymonth: [m + 1], bymonthday: [d] } : {},
        );
    }
  }

  private toInstant(floating: Date): Date {
    return DateTime.fromObject(
      {
        year: floating.getUTCFullYear(),
        month: floating.getUTCMonth() + 1,
        day: floating.getUTCDate(),
        hour: floating.getUTCHours(),
        minute: floating.getUTCMinutes(),
        second: floating.getUTCSeconds(),
      },
      { zone: this.timeZone },
    ).toJSDate();
  }
}

const DAY = 86_400_000;

function toFloating(local: DateTime): Date {
  return new Date(Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second));
}

function untilToFloating(until: string, timeZone: string): Date {
  const [, y, mo, d, h = '23', mi = '59', s = '59', utc] = UNTIL.exec(until) ?? [];
  if (utc) return toFloating(DateTime.fromISO(`${y}-${mo}-${d}T${h}:${mi}:${s}Z`).setZone(timeZone));
  return new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)));
}

function toWeekday(day: string) {
  const match = BYDAY.exec(day);
  const weekday = WEEKDAYS[match?.[2] as keyof typeof WEEKDAYS];
  return match?.[1] ? weekday.nth(Number(match[1])) : weekday;
}
