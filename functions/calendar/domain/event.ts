import { DateTime } from 'luxon';
import { ValidationError } from '#platform/errors';
import { formatRecurrence, parseRecurrence, RecurrenceError, Series } from '#scheduling/recurrence';
import { occurrenceEnd, wholeDays } from '#scheduling/timing';

export interface CalendarEvent {
  id: string;
  ownerId: string;
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  allDay: boolean;
  /** Canonical RRULE text (without the `RRULE:` prefix), or null for a single event. */
  recurrence: string | null;
  reminders: number[];
  /** End of the last occurrence as stored (null: unbounded); absent where it is not needed. */
  seriesEndsAt?: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What a create or an update leaves to store: everything but ids and timestamps. */
export type EventFields = Pick<
  CalendarEvent,
  | 'title'
  | 'description'
  | 'startsAt'
  | 'durationMinutes'
  | 'timeZone'
  | 'allDay'
  | 'recurrence'
  | 'reminders'
>;

export interface Occurrence {
  eventId: string;
  /** The series id for an occurrence of a recurring event, null for a single event. */
  seriesId: string | null;
  title: string;
  description: string | null;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
}

export const MAX_DURATION_MINUTES = 366 * 24 * 60;

/** Validates the rule against the event's start; the canonical text is what gets stored. */
export function normaliseRecurrence(recurrence: string | null): string | null {
  if (recurrence === null) return null;
  try {
    return formatRecurrence(parseRecurrence(recurrence));
  } catch (error) {
    if (error instanceof RecurrenceError) {
      throw new ValidationError([{ in: 'body', field: 'recurrence', message: error.message }]);
    }
    throw error;
  }
}

/**
 * An all-day event starts at local midnight of its date and lasts whole days; its duration is stored
 * as days × 1440 minutes, and each occurrence ends at a local midnight (see occurrenceEnd). The date is
 * read in `dateZone` (the zone the date was chosen in: the event's previous zone when only the zone
 * changes, so the event keeps its date) and the midnight taken in `timeZone`.
 */
export function alignAllDay(
  startsAt: Date,
  durationMinutes: number,
  timeZone: string,
  dateZone = timeZone,
): { startsAt: Date; durationMinutes: number } {
  const date = DateTime.fromJSDate(startsAt, { zone: dateZone });
  const start = DateTime.fromObject(
    { year: date.year, month: date.month, day: date.day },
    { zone: timeZone },
  );
  return { startsAt: start.toJSDate(), durationMinutes: wholeDays(durationMinutes) * 1440 };
}

/**
 * Minutes from start to end. For an all-day event: whole local days (an end after midnight counts its
 * day), so 00:00 to 00:00 the next day across a DST change is one day, not 23 or 25 hours rounded up.
 */
export function durationBetween(startsAt: Date, endsAt: Date, timeZone: string, allDay: boolean): number {
  if (!allDay) return Math.ceil((endsAt.getTime() - startsAt.getTime()) / 60_000);
  const start = DateTime.fromJSDate(startsAt, { zone: timeZone }).startOf('day');
  const days = DateTime.fromJSDate(endsAt, { zone: timeZone }).diff(start, 'days').days;
  return Math.max(1, Math.ceil(days)) * 1440;
}

type Timing = Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'> & {
  allDay?: boolean;
  /** The stored end of the series, when the caller has it: a counted series is then not walked from its start. */
  seriesEndsAt?: Date | null;
};

export function seriesOf(event: Timing): Series | undefined {
  return event.recurrence
    ? new Series(
        event.startsAt,
        event.durationMinutes,
        event.timeZone,
        parseRecurrence(event.recurrence),
        event.allDay,
      )
    : undefined;
}

/**
 * A recurring event must start on one of its own occurrences (see Series.startsOnRule), and its end
 * must be found within Series' horizon: a COUNT rule that matches too rarely (e.g. Monday the 31st,
 * 5,000 times) is a 400 on `recurrence` instead of an expansion into year 9999.
 */
export function assertValidSeries(event: Timing): void {
  const series = seriesOf(event);
  if (!series) return;
  if (!series.startsOnRule()) {
    throw new ValidationError([
      {
        in: 'body',
        field: 'startsAt',
        message: 'A recurring event must start on an occurrence of its rule (e.g. on a Monday for BYDAY=MO).',
      },
    ]);
  }
  try {
    series.lastEnd();
  } catch (error) {
    if (!(error instanceof RecurrenceError)) throw error;
    throw new ValidationError([{ in: 'body', field: 'recurrence', message: error.message }]);
  }
}

/** End of the event's last occurrence (null: an unbounded series). Drives views and retention. */
export function seriesEnd(event: Timing): Date | null {
  const series = seriesOf(event);
  if (!series) return occurrenceEnd(event.startsAt, event);
  return series.lastEnd() ?? null;
}

/** Every occurrence of the event overlapping [from, to). An unbounded series is expanded in the window only. */
export function occurrencesBetween(event: CalendarEvent, from: Date, to: Date): Occurrence[] {
  const series = seriesOf(event);
  const starts = series
    ? series.between(from, to, event.seriesEndsAt)
    : event.startsAt < to && occurrenceEnd(event.startsAt, event) > from
      ? [event.startsAt]
      : [];
  return starts.map((start) => ({
    eventId: event.id,
    seriesId: series ? event.id : null,
    title: event.title,
    description: event.description,
    startsAt: start,
    endsAt: occurrenceEnd(start, event),
    timeZone: event.timeZone,
    allDay: event.allDay,
  }));
}

/** The first occurrence starting strictly after `instant`, if any. */
export function nextOccurrenceAfter(event: Timing, instant: Date): Date | undefined {
  const series = seriesOf(event);
  if (series) return series.firstAfter(instant, event.seriesEndsAt);
  return event.startsAt > instant ? event.startsAt : undefined;
}

/** All-day events are aligned to whole local days; `dateZone` is the zone their date is read in. */
export function withTiming(fields: EventFields, dateZone = fields.timeZone): EventFields {
  return fields.allDay
    ? { ...fields, ...alignAllDay(fields.startsAt, fields.durationMinutes, fields.timeZone, dateZone) }
    : fields;
}
