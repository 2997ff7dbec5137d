import { requireMembership } from './access.js';
import { listInvitations, listMembers as members } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { canManage } from './domain/roles.js';
import { lookupUsersByIds } from './people.js';
import { toInvitationView, toMemberView } from './views.js';

/**
 * Members with their roles and names (from identity); to owners and admins also the pending
 * invitations. A plain member does not see the invited addresses (nor that there are any): an
 * address that nobody has registered yet is one anyone could register to claim the invitation.
 */
export async function listMembers(
  { db, invoke }: Pick<MeetingsDeps, 'db' | 'invoke'>,
  actor: Actor,
  groupId: string,
) {
  const { role } = await requireMembership(db, groupId, actor.id);
  const manager = canManage(role);
  const [list, invitations] = await Promise.all([
    members(db, groupId),
    manager ? listInvitations(db, groupId) : undefined,
  ]);
  const users = await lookupUsersByIds(
    invoke,
    list.map((member) => member.userId),
  );
  const byId = new Map(users.map((user) => [user.id, user]));
  return {
    members: list.map((member) => toMemberView(member, byId.get(member.userId))),
    ...(invitations && { pendingInvitations: invitations.map(toInvitationView) }),
  };
}
