import { DateTime } from 'luxon';
import { occurrenceEnd } from '#scheduling/timing';
import type { NotificationMessage } from '../../notifications/contract.js';
import { type EventFields, nextOccurrenceAfter } from './event.js';

type Timing = Pick<EventFields, 'startsAt' | 'durationMinutes' | 'timeZone' | 'recurrence'> & {
  seriesEndsAt?: Date | null;
};

/** The next occurrence a reminder will fire for; both null once the series has nothing left. */
export interface ReminderSchedule {
  occurrenceStart: Date | null;
  dueAt: Date | null;
}

const NOTHING_LEFT: ReminderSchedule = { occurrenceStart: null, dueAt: null };

function scheduleFor(occurrenceStart: Date | undefined, minutesBefore: number): ReminderSchedule {
  if (!occurrenceStart) return NOTHING_LEFT;
  return { occurrenceStart, dueAt: new Date(occurrenceStart.getTime() - minutesBefore * 60_000) };
}

/**
 * For a new or rescheduled reminder: the first occurrence that has not started yet and whose reminder
 * is not already stale (due within the grace period or later). A 4-week reminder on a weekly series
 * starts 4 weeks ahead instead of at an occurrence whose reminder time is long gone, which the first
 * scheduler run would only record as skipped (and count in RemindersSkipped, as if there was an outage).
 */
export function firstSchedule(
  event: Timing,
  minutesBefore: number,
  now: Date,
  graceMinutes: number,
): ReminderSchedule {
  const earliestUsefulStart = now.getTime() - graceMinutes * 60_000 + minutesBefore * 60_000 - 1;
  return scheduleFor(
    nextOccurrenceAfter(event, new Date(Math.max(now.getTime(), earliestUsefulStart))),
    minutesBefore,
  );
}

/**
 * After an occurrence was sent or skipped: the following occurrence, jumping over any whose reminder
 * is already beyond the grace period (after an outage a daily series does not replay every missed day).
 */
export function followingSchedule(
  event: Timing,
  minutesBefore: number,
  current: Date,
  now: Date,
  graceMinutes: number,
): ReminderSchedule {
  const earliestUsefulStart = new Date(now.getTime() - graceMinutes * 60_000 + minutesBefore * 60_000 - 1);
  const after = current > earliestUsefulStart ? current : earliestUsefulStart;
  return scheduleFor(nextOccurrenceAfter(event, after), minutesBefore);
}

/** A reminder overdue by more than the grace period is recorded as skipped instead of sent late. */
export function isStale(dueAt: Date, now: Date, graceMinutes: number): boolean {
  return now.getTime() - dueAt.getTime() > graceMinutes * 60_000;
}

export interface DueReminder {
  eventId: string;
  ownerId: string;
  title: string;
  timeZone: string;
  durationMinutes: number;
  allDay: boolean;
  minutesBefore: number;
  occurrenceStart: Date;
  dueAt: Date;
}

/** Same reminder, same occurrence, same recipient → same id: a resend after a crash is a no-op in the storer. */
export const reminderNotificationId = (reminder: DueReminder) =>
  `calendar:reminder:${reminder.eventId}:${reminder.occurrenceStart.toISOString()}:${reminder.minutesBefore}:${reminder.ownerId}`;

export function reminderNotification(reminder: DueReminder): NotificationMessage {
  const start = DateTime.fromJSDate(reminder.occurrenceStart, { zone: reminder.timeZone });
  const when =
    reminder.minutesBefore === 0 ? 'starts now' : `starts in ${describeMinutes(reminder.minutesBefore)}`;
  return {
    notificationId: reminderNotificationId(reminder),
    recipientId: reminder.ownerId,
    source: 'calendar',
    type: 'calendar.reminder',
    title: `${reminder.title} ${when}`,
    body: `${start.toFormat('cccc d LLLL yyyy, HH:mm')} (${reminder.timeZone})`,
    data: {
      eventId: reminder.eventId,
      title: reminder.title,
      occurrenceStart: start.toISO(),
      occurrenceEnd: DateTime.fromJSDate(occurrenceEnd(reminder.occurrenceStart, reminder), {
        zone: reminder.timeZone,
      }).toISO(),
      minutesBefore: reminder.minutesBefore,
    },
    dueAt: reminder.dueAt.toISOString(),
    channels: ['in_app'],
  };
}

function describeMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
