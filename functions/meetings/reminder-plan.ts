import type { Meeting } from './adapters/meetings.repository.js';
import type { ReminderSchedule } from './adapters/reminders.repository.js';
import type { MeetingsDeps } from './deps.js';
import { firstReminders } from './domain/reminders.js';
import { lookupUsersByIds } from './people.js';

/** For an attendee with no default of their own (PATCH /me defaultReminders) on a meeting without reminders. */
export const SYSTEM_DEFAULT_REMINDERS = [15];

/**
 * The reminder rows of a new or rescheduled meeting: its own reminders for every attendee, or, when it
 * has none (null), each attendee's personal default (from identity), one row per attendee and offset.
 * A personal default changed later applies from the meeting's next change.
 */
export async function reminderPlan(
  { invoke, now, reminderGraceMinutes }: Pick<MeetingsDeps, 'invoke' | 'now' | 'reminderGraceMinutes'>,
  meeting: Meeting,
  attendeeIds: string[],
): Promise<ReminderSchedule[]> {
  const at = now();
  if (meeting.reminders) return firstReminders(meeting, meeting.reminders, at, reminderGraceMinutes);
  const users = await lookupUsersByIds(invoke, attendeeIds);
  return users.flatMap((user) =>
    firstReminders(meeting, user.defaultReminders ?? SYSTEM_DEFAULT_REMINDERS, at, reminderGraceMinutes).map(
      (schedule) => ({ ...schedule, recipientId: user.id }),
    ),
  );
}
