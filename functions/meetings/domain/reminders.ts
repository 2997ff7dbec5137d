import { type MeetingTiming, nextOccurrenceAfter } from './occurrences.js';

export interface NextReminder {
  occurrenceStart: Date | null;
  dueAt: Date | null;
}

/**
 * The next occurrence whose reminder is still useful: starting after `after`, and not due longer ago
 * than the grace period (after an outage a daily meeting does not replay every missed day).
 */
export function nextReminder(
  timing: MeetingTiming,
  minutesBefore: number,
  after: Date,
  now: Date,
  graceMinutes: number,
): NextReminder {
  const earliestUsefulStart = new Date(now.getTime() - graceMinutes * 60_000 + minutesBefore * 60_000 - 1);
  const from = after > earliestUsefulStart ? after : earliestUsefulStart;
  const occurrenceStart = nextOccurrenceAfter(timing, from);
  if (!occurrenceStart) return { occurrenceStart: null, dueAt: null };
  return { occurrenceStart, dueAt: new Date(occurrenceStart.getTime() - minutesBefore * 60_000) };
}

export const isStale = (dueAt: Date, now: Date, graceMinutes: number) =>
  now.getTime() - dueAt.getTime() > graceMinutes * 60_000;

/** Reminder rows for a new or rescheduled meeting: each offset's first useful occurrence. */
export function firstReminders(timing: MeetingTiming, offsets: number[], now: Date, graceMinutes: number) {
  return offsets.map((minutesBefore) => ({
    minutesBefore,
    ...nextReminder(timing, minutesBefore, now, now, graceMinutes),
  }));
}
