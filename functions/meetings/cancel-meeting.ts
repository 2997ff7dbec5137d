import { requireMeeting, requireMeetingEditor } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion } from './adapters/groups.repository.js';
import { attendeeIds, markCancelled } from './adapters/meetings.repository.js';
import { replaceReminders } from './adapters/reminders.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { localTime, notice } from './domain/notices.js';

/** DELETE /meetings/{id}: cancelled (kept for the record), reminders dropped, attendees told. Repeats are no-ops. */
export async function cancelMeeting(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  meetingId: string,
) {
  const found = await requireMeeting(db, meetingId, actor.id);
  requireMeetingEditor(found, actor.id, 'cancel this meeting');
  await commitChange({ db, relay }, async (trx, notify) => {
    await bumpScheduleVersion(trx, found.meeting.groupId);
    const { meeting: current } = await requireMeeting(trx, meetingId, actor.id, { lock: true });
    if (current.cancelledAt) return;
    const at = now();
    const meeting = await markCancelled(trx, meetingId, at);
    await replaceReminders(trx, meetingId, []);
    const recipients = (await attendeeIds(trx, meetingId)).filter((userId) => userId !== actor.id);
    notify(
      recipients.map((recipientId) =>
        notice({
          recipientId,
          type: 'meeting_cancelled',
          key: `${meetingId}:${meeting.version}`,
          title: `Cancelled: ${meeting.title}`,
          body: localTime(meeting.startsAt, meeting.timeZone),
          data: { meetingId, groupId: meeting.groupId },
          at,
        }),
      ),
    );
  });
}
