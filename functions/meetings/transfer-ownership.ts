import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, listMembers, setRole } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { MemberNotFoundError } from './domain/errors.js';
import { notice } from './domain/notices.js';
import { requireOwner } from './domain/roles.js';

/** The owner hands the group to another member, who becomes owner; the caller stays on as admin. */
export async function transferOwnership(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  groupId: string,
  userId: string,
) {
  const { group } = await requireMembership(db, groupId, actor.id);
  return commitChange({ db, relay }, async (trx, notify) => {
    const version = await bumpScheduleVersion(trx, groupId);
    const members = await listMembers(trx, groupId);
    const actorRole = members.find((member) => member.userId === actor.id)?.role;
    if (!actorRole) throw new MemberNotFoundError();
    requireOwner(actorRole, 'transfer ownership');
    if (!members.some((member) => member.userId === userId)) throw new MemberNotFoundError();
    if (userId === actor.id) return { ownerId: userId };
    await setRole(trx, groupId, userId, 'owner');
    await setRole(trx, groupId, actor.id, 'admin');
    notify([
      notice({
        recipientId: userId,
        type: 'ownership_transferred',
        key: `${groupId}:${version}`,
        title: `You are now the owner of ${group.name}`,
        data: { groupId, role: 'owner' },
        at: now(),
      }),
    ]);
    return { ownerId: userId };
  });
}
