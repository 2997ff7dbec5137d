import { parseRecurrence, RecurrenceError, Series } from '#scheduling/recurrence';
import { field, InvalidMeetingInputError } from './errors.js';

/** What a meeting's occurrences are computed from (as written on create or update). */
export interface MeetingRule {
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  recurrence: string | null;
}

/**
 * A stored meeting's timing: the rule and its stored end (`series_ends_at`, from checkedSeriesEnd).
 * With the end, a COUNT series is read like an UNTIL one (an occurrence belongs to it exactly when it
 * ends by then), so a window or the next occurrence is found without walking every period from the
 * first occurrence to count them (docs/calendar.md, bounded CPU). Required, so no caller forgets it.
 */
export interface MeetingTiming extends MeetingRule {
  seriesEndsAt: Date | null;
}

function seriesOf(timing: MeetingRule): Series | undefined {
  if (!timing.recurrence) return undefined;
  return new Series(
    timing.startsAt,
    timing.durationMinutes,
    timing.timeZone,
    parseRecurrence(timing.recurrence),
  );
}

/** Occurrence starts overlapping [from, to). */
export function occurrencesBetween(timing: MeetingTiming, from: Date, to: Date): Date[] {
  const series = seriesOf(timing);
  if (series) return series.between(from, to, timing.seriesEndsAt);
  const end = timing.startsAt.getTime() + timing.durationMinutes * 60_000;
  return timing.startsAt < to && end > from.getTime() ? [timing.startsAt] : [];
}

/** The first occurrence starting strictly after `instant`. */
export function nextOccurrenceAfter(timing: MeetingTiming, instant: Date): Date | undefined {
  const series = seriesOf(timing);
  if (series) return series.firstAfter(instant, timing.seriesEndsAt);
  return timing.startsAt > instant ? timing.startsAt : undefined;
}

/** The last instant an RFC 3339 date-time can write (the contracts and the ICS feed carry the end so). */
const LATEST_WRITABLE_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/**
 * End of the last occurrence (null = unbounded); rejects rules the calendar would reject too, and a
 * series that would end after year 9999 (an UNTIL late in 9999 with a long meeting): that end could not
 * be published, and the attendees' ICS feeds would fail. startsAt itself is bounded by the schema.
 */
export function checkedSeriesEnd(timing: MeetingRule): Date | null {
  if (!timing.recurrence) return new Date(timing.startsAt.getTime() + timing.durationMinutes * 60_000);
  try {
    const series = seriesOf(timing) as Series;
    if (!series.startsOnRule()) {
      throw new RecurrenceError('startsAt must itself be an occurrence of the rule.');
    }
    const end = series.lastEnd() ?? null;
    if (end && end.getTime() > LATEST_WRITABLE_END) {
      throw new RecurrenceError('The series would end after 9999-12-31: choose an earlier UNTIL.');
    }
    return end;
  } catch (error) {
    if (error instanceof RecurrenceError)
      throw new InvalidMeetingInputError([field('recurrence', error.message)]);
    throw error;
  }
}

/** Normalises a stored rule (or rejects it with a `recurrence` field error). */
export function normaliseRecurrence(text: string | null | undefined): string | null {
  if (!text) return null;
  try {
    parseRecurrence(text);
    return text
      .trim()
      .replace(/^RRULE:/i, '')
      .toUpperCase();
  } catch (error) {
    if (error instanceof RecurrenceError)
      throw new InvalidMeetingInputError([field('recurrence', error.message)]);
    throw error;
  }
}

/** `occurrence` must be the exact start of one of the meeting's occurrences (400 naming it otherwise). */
export function checkOccurrence(timing: MeetingTiming, occurrence: Date, where: 'body' | 'query'): void {
  const starts = occurrencesBetween(timing, occurrence, new Date(occurrence.getTime() + 1));
  if (!starts.some((start) => start.getTime() === occurrence.getTime())) {
    throw new InvalidMeetingInputError([
      field('occurrence', 'Not the start of an occurrence of this meeting.', where),
    ]);
  }
}
