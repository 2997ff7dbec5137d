import { requireMembership } from './access.js';
import { listInvitations, listMembers as members } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { lookupUsersByIds } from './people.js';
import { toMemberView } from './views.js';

/** Members with their roles and names (from identity), and the pending invitations. */
export async function listMembers(
  { db, invoke }: Pick<MeetingsDeps, 'db' | 'invoke'>,
  actor: Actor,
  groupId: string,
) {
  await requireMembership(db, groupId, actor.id);
  const [list, invitations] = await Promise.all([members(db, groupId), listInvitations(db, groupId)]);
  const users = await lookupUsersByIds(
    invoke,
    list.map((member) => member.userId),
  );
  const byId = new Map(users.map((user) => [user.id, user]));
  return {
    members: list.map((member) => toMemberView(member, byId.get(member.userId))),
    pendingInvitations: invitations.map((invitation) => ({
      email: invitation.email,
      role: invitation.role,
      invitedAt: invitation.createdAt.toISOString(),
    })),
  };
}
