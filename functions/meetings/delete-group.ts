import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { deleteGroup as removeGroup } from './adapters/groups.repository.js';
import { attendeeIds, listUpcomingGroupMeetings } from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { notice } from './domain/notices.js';
import { requireOwner } from './domain/roles.js';

/** Owner only. Its meetings that still had occurrences ahead are cancelled: their attendees are told. */
export async function deleteGroup(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  groupId: string,
) {
  const { group, role } = await requireMembership(db, groupId, actor.id);
  requireOwner(role, 'delete the group');
  await commitChange({ db, relay }, async (trx, notify) => {
    const at = now();
    for (const meeting of await listUpcomingGroupMeetings(trx, groupId, at)) {
      const recipients = (await attendeeIds(trx, meeting.id)).filter((id) => id !== actor.id);
      notify(
        recipients.map((recipientId) =>
          notice({
            recipientId,
            type: 'meeting_cancelled',
            key: `${meeting.id}:group-deleted`,
            title: `Cancelled: ${meeting.title} (group ${group.name} was deleted)`,
            data: { meetingId: meeting.id, groupId },
            at,
          }),
        ),
      );
    }
    await removeGroup(trx, groupId);
  });
}
