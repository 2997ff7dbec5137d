import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, listMembers, setRole } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { MemberNotFoundError } from './domain/errors.js';
import { notice } from './domain/notices.js';
import { checkRoleChange, type GroupRole } from './domain/roles.js';

/** Changes a member's role (owner; admins only between admin and member); the member is told. */
export async function updateMember(
  { db, relay, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'now'>,
  actor: Actor,
  groupId: string,
  userId: string,
  newRole: GroupRole,
) {
  const { group } = await requireMembership(db, groupId, actor.id);
  return commitChange({ db, relay }, async (trx, notify) => {
    // The group row is locked from here: roles and the owner count cannot change under us.
    const version = await bumpScheduleVersion(trx, groupId);
    const members = await listMembers(trx, groupId);
    const actorRole = members.find((member) => member.userId === actor.id)?.role;
    const target = members.find((member) => member.userId === userId);
    if (!actorRole) throw new MemberNotFoundError();
    if (!target) throw new MemberNotFoundError();
    const owners = members.filter((member) => member.role === 'owner').length;
    checkRoleChange({ actor: actorRole, currentRole: target.role, newRole, owners });
    await setRole(trx, groupId, userId, newRole);
    if (target.role !== newRole && userId !== actor.id) {
      notify([
        notice({
          recipientId: userId,
          type: 'role_changed',
          key: `${groupId}:${version}`,
          title: `Your role in ${group.name} is now ${newRole}`,
          data: { groupId, role: newRole },
          at: now(),
        }),
      ]);
    }
    return { ...target, role: newRole, joinedAt: target.joinedAt.toISOString() };
  });
}
