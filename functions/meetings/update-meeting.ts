import { requireMeeting, requireMeetingEditor } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion } from './adapters/groups.repository.js';
import {
  attendeeIds,
  type MeetingFields,
  resetAnswers,
  updateMeeting as saveMeeting,
} from './adapters/meetings.repository.js';
import { replaceReminders } from './adapters/reminders.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { MeetingCancelledError, StaleVersionError } from './domain/errors.js';
import { localTime, notice } from './domain/notices.js';
import { checkedSeriesEnd, normaliseRecurrence } from './domain/occurrences.js';
import { reminderPlan } from './reminder-plan.js';
import type { UpdateMeetingInput } from './schemas.js';
import { toMeetingView } from './views.js';

/**
 * The organizer or a group owner/admin changes a meeting. With `expectedVersion` (If-Match) the
 * change applies only to that version (412 otherwise); without it the last write wins. A change of
 * time resets every answer to `needs_action`, moves the reminders and tells the attendees.
 */
export async function updateMeeting(
  {
    db,
    relay,
    invoke,
    now,
    reminderGraceMinutes,
  }: Pick<MeetingsDeps, 'db' | 'relay' | 'invoke' | 'now' | 'reminderGraceMinutes'>,
  actor: Actor,
  meetingId: string,
  input: UpdateMeetingInput,
  expectedVersion?: number,
) {
  const found = await requireMeeting(db, meetingId, actor.id);
  requireMeetingEditor(found, actor.id, 'change this meeting');
  return commitChange({ db, relay }, async (trx, notify) => {
    await bumpScheduleVersion(trx, found.meeting.groupId);
    // Re-read under the group lock: the version check and the time comparison see the latest row.
    const { meeting: current } = await requireMeeting(trx, meetingId, actor.id, { lock: true });
    if (current.cancelledAt) throw new MeetingCancelledError();
    if (expectedVersion !== undefined && expectedVersion !== current.version) {
      throw new StaleVersionError(current.version);
    }
    const timing = {
      startsAt: input.startsAt === undefined ? current.startsAt : new Date(input.startsAt),
      durationMinutes: input.durationMinutes ?? current.durationMinutes,
      timeZone: input.timeZone ?? current.timeZone,
      recurrence: input.recurrence === undefined ? current.recurrence : normaliseRecurrence(input.recurrence),
    };
    const timeChanged =
      timing.startsAt.getTime() !== current.startsAt.getTime() ||
      timing.durationMinutes !== current.durationMinutes ||
      timing.timeZone !== current.timeZone ||
      timing.recurrence !== current.recurrence;
    const changes: Partial<MeetingFields> = {
      title: input.title,
      description: input.description,
      location: input.location,
      reminders: input.reminders,
    };
    if (timeChanged) Object.assign(changes, timing, { seriesEndsAt: checkedSeriesEnd(timing) });
    const meeting = await saveMeeting(trx, meetingId, changes, current.version);
    if (!meeting) throw new StaleVersionError(current.version);
    const attendees = await attendeeIds(trx, meetingId);
    const at = now();
    if (timeChanged || input.reminders !== undefined) {
      await replaceReminders(
        trx,
        meetingId,
        await reminderPlan({ invoke, now, reminderGraceMinutes }, meeting, attendees),
      );
    }
    if (timeChanged) {
      await resetAnswers(trx, meetingId, meeting.organizerId);
      notify(
        attendees
          .filter((userId) => userId !== actor.id)
          .map((recipientId) =>
            notice({
              recipientId,
              type: 'time_changed',
              key: `${meetingId}:${meeting.version}`,
              title: `New time: ${meeting.title}`,
              body: `${localTime(meeting.startsAt, meeting.timeZone)}. Please answer again.`,
              data: { meetingId, groupId: meeting.groupId },
              at,
            }),
          ),
      );
    }
    return toMeetingView(meeting, attendees);
  });
}
