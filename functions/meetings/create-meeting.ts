import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, listMembers } from './adapters/groups.repository.js';
import { insertAttendees, insertMeeting } from './adapters/meetings.repository.js';
import { replaceReminders } from './adapters/reminders.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { field, InvalidMeetingInputError } from './domain/errors.js';
import { localTime, notice } from './domain/notices.js';
import { checkedSeriesEnd, normaliseRecurrence } from './domain/occurrences.js';
import { requireManager } from './domain/roles.js';
import { reminderPlan } from './reminder-plan.js';
import type { CreateMeetingInput } from './schemas.js';
import { toMeetingView } from './views.js';

/**
 * Owner/admin creates a meeting in the group. Attendees must be members (default: all of them); the
 * organizer attends and has accepted, everyone else is invited (`needs_action`) and told.
 */
export async function createMeeting(
  {
    db,
    relay,
    invoke,
    now,
    reminderGraceMinutes,
  }: Pick<MeetingsDeps, 'db' | 'relay' | 'invoke' | 'now' | 'reminderGraceMinutes'>,
  actor: Actor,
  groupId: string,
  input: CreateMeetingInput,
) {
  const { group, role } = await requireMembership(db, groupId, actor.id);
  requireManager(role, 'create meetings');
  const timing = {
    startsAt: new Date(input.startsAt),
    durationMinutes: input.durationMinutes,
    timeZone: input.timeZone,
    recurrence: normaliseRecurrence(input.recurrence),
  };
  const seriesEndsAt = checkedSeriesEnd(timing);
  return commitChange({ db, relay }, async (trx, notify) => {
    await bumpScheduleVersion(trx, groupId);
    const memberIds = new Set((await listMembers(trx, groupId)).map((member) => member.userId));
    const requested = input.attendees ?? [...memberIds];
    const strangers = requested.flatMap((id, index) =>
      memberIds.has(id) ? [] : [field(`attendees.${index}`, 'Not a member of this group.')],
    );
    if (strangers.length > 0) throw new InvalidMeetingInputError(strangers);
    const attendees = [...new Set([actor.id, ...requested])];
    const meeting = await insertMeeting(trx, {
      groupId,
      organizerId: actor.id,
      title: input.title,
      description: input.description ?? null,
      location: input.location ?? null,
      ...timing,
      seriesEndsAt,
      reminders: input.reminders ?? null,
    });
    await insertAttendees(
      trx,
      meeting.id,
      attendees.map((userId) => ({ userId, status: userId === actor.id ? 'accepted' : 'needs_action' })),
    );
    const at = now();
    await replaceReminders(
      trx,
      meeting.id,
      await reminderPlan({ invoke, now, reminderGraceMinutes }, meeting, attendees),
    );
    notify(
      attendees
        .filter((userId) => userId !== actor.id)
        .map((recipientId) =>
          notice({
            recipientId,
            type: 'invited',
            key: `${meeting.id}:${meeting.version}`,
            title: `Invitation: ${meeting.title} (${group.name})`,
            body: localTime(meeting.startsAt, meeting.timeZone),
            data: { meetingId: meeting.id, groupId },
            at,
          }),
        ),
    );
    return toMeetingView(meeting, attendees.sort());
  });
}
