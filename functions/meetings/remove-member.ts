import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, deleteMember, listMembers } from './adapters/groups.repository.js';
import { removeFromGroupMeetings } from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { MemberNotFoundError } from './domain/errors.js';
import { notice } from './domain/notices.js';
import { checkRemoval } from './domain/roles.js';

/**
 * Owner/admin removes a member; anyone removes themselves (leaving). The last owner cannot leave
 * (transfer first). The removed member no longer attends the group's meetings and is told.
 */
export async function removeMember(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  groupId: string,
  userId: string,
) {
  const { group } = await requireMembership(db, groupId, actor.id);
  await commitChange({ db, relay }, async (trx, notify) => {
    const version = await bumpScheduleVersion(trx, groupId);
    const members = await listMembers(trx, groupId);
    const actorRole = members.find((member) => member.userId === actor.id)?.role;
    const target = members.find((member) => member.userId === userId);
    if (!actorRole || !target) throw new MemberNotFoundError();
    const owners = members.filter((member) => member.role === 'owner').length;
    const self = userId === actor.id;
    checkRemoval({ actor: actorRole, targetRole: target.role, self, owners });
    await removeFromGroupMeetings(trx, groupId, userId);
    await deleteMember(trx, groupId, userId);
    notify([
      notice({
        recipientId: userId,
        type: self ? 'member_left' : 'member_removed',
        key: `${groupId}:${version}`,
        title: self ? `You left ${group.name}` : `You were removed from ${group.name}`,
        data: { groupId },
        at: now(),
      }),
    ]);
  });
}
