import { parseRecurrence, RecurrenceError, Series } from '#scheduling/recurrence';
import { field, InvalidMeetingInputError } from './errors.js';

export interface MeetingTiming {
  startsAt: Date;
  durationMinutes: number;
  timeZone: string;
  recurrence: string | null;
}

function seriesOf(timing: MeetingTiming): Series | undefined {
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
  if (series) return series.between(from, to);
  const end = timing.startsAt.getTime() + timing.durationMinutes * 60_000;
  return timing.startsAt < to && end > from.getTime() ? [timing.startsAt] : [];
}

/** The first occurrence starting strictly after `instant`. */
export function nextOccurrenceAfter(timing: MeetingTiming, instant: Date): Date | undefined {
  const series = seriesOf(timing);
  if (series) return series.firstAfter(instant);
  return timing.startsAt > instant ? timing.startsAt : undefined;
}

/** End of the last occurrence (null = unbounded); rejects rules the calendar would reject too. */
export function checkedSeriesEnd(timing: MeetingTiming): Date | null {
  if (!timing.recurrence) return new Date(timing.startsAt.getTime() + timing.durationMinutes * 60_000);
  try {
    const series = seriesOf(timing) as Series;
    if (!series.startsOnRule()) {
      throw new RecurrenceError('startsAt must itself be an occurrence of the rule.');
    }
    return series.lastEnd() ?? null;
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
