import { DateTime } from 'luxon';
import { NotFoundError, ValidationError } from '../../../layers/platform/errors.js';
import { formatRecurrence, parseRecurrence, RecurrenceError, Series } from './recurrence.js';

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
  createdAt: Date;
  updatedAt: Date;
}

/** What a create or an update leaves to store: everything but ids and timestamps. */
export interface EventFields {
  title: string;
  description: string | null;
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  allDay: boolean;
  recurrence: string | null;
  reminders: number[];
}

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

export class EventNotFoundError extends NotFoundError {
  constructor() {
    super('EVENT.NOT_FOUND', 'No event with this id.');
  }
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

/** An all-day event starts at local midnight of its start date and lasts whole days. */
export function alignAllDay(
  startsAt: Date,
  durationMinutes: number,
  timeZone: string,
): { startsAt: Date; durationMinutes: number } {
  const start = DateTime.fromJSDate(startsAt, { zone: timeZone }).startOf('day');
  return {
    startsAt: start.toJSDate(),
    durationMinutes: Math.max(1, Math.ceil(durationMinutes / 1440)) * 1440,
  };
}

export function seriesOf(
  event: Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'>,
): Series | undefined {
  return event.recurrence
    ? new Series(event.startsAt, event.durationMinutes, event.timeZone, parseRecurrence(event.recurrence))
    : undefined;
}

/**
 * A recurring event must start on one of its own occurrences (see Series.startsOnRule), and its end
 * must be found within Series' horizon: a COUNT rule that matches too rarely (e.g. Monday the 31st,
 * 5,000 times) is a 400 on `recurrence` instead of an expansion into year 9999.
 */
export function assertValidSeries(
  event: Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'>,
): void {
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

const endOf = (start: Date, durationMinutes: number) => new Date(start.getTime() + durationMinutes * 60_000);

/** End of the event's last occurrence (null: an unbounded series). Drives views and retention. */
export function seriesEnd(
  event: Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'>,
): Date | null {
  const series = seriesOf(event);
  if (!series) return endOf(event.startsAt, event.durationMinutes);
  return series.lastEnd() ?? null;
}

/** Every occurrence of the event overlapping [from, to). An unbounded series is expanded in the window only. */
export function occurrencesBetween(event: CalendarEvent, from: Date, to: Date): Occurrence[] {
  const series = seriesOf(event);
  const starts = series
    ? series.between(from, to)
    : event.startsAt < to && endOf(event.startsAt, event.durationMinutes) > from
      ? [event.startsAt]
      : [];
  return starts.map((start) => ({
    eventId: event.id,
    seriesId: series ? event.id : null,
    title: event.title,
    description: event.description,
    startsAt: start,
    endsAt: endOf(start, event.durationMinutes),
    timeZone: event.timeZone,
    allDay: event.allDay,
  }));
}

/** The first occurrence starting strictly after `instant`, if any. */
export function nextOccurrenceAfter(
  event: Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'>,
  instant: Date,
): Date | undefined {
  const series = seriesOf(event);
  if (series) return series.firstAfter(instant);
  return event.startsAt > instant ? event.startsAt : undefined;
}
