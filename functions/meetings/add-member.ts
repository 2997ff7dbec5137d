import { LookupUsers } from '../identity/contract.js';
import { requireMembership } from './access.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, insertMember, upsertInvitation } from './adapters/groups.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { AlreadyMemberError } from './domain/errors.js';
import { notice } from './domain/notices.js';
import { requireManager } from './domain/roles.js';
import type { AddMemberInput } from './schemas.js';
import { toInvitationView, toMemberView } from './views.js';

/**
 * Owner/admin adds someone by e-mail. An address with an account becomes a member at once, with the
 * role asked for (and is told); one without becomes a pending invitation that attaches when identity
 * announces that address registered (handlers/sqs/attach-invitations.ts). An invitation keeps the
 * role offered but joins as a plain member (INVITATION_JOINS_AS): whoever registers an address is not
 * proven to own it, so a manager promotes them explicitly afterwards.
 */
export async function addMember(
  { db, relay, invoke, now }: Pick<MeetingsDeps, 'db' | 'relay' | 'invoke' | 'now'>,
  actor: Actor,
  groupId: string,
  input: AddMemberInput,
) {
  const { group, role } = await requireMembership(db, groupId, actor.id);
  requireManager(role, 'add members');
  const { users } = await invoke(LookupUsers, { emails: [input.email] });
  const user = users[0];
  if (!user) {
    const invitation = await upsertInvitation(db, {
      groupId,
      email: input.email,
      role: input.role,
      invitedBy: actor.id,
    });
    return { status: 'invited' as const, invitation: toInvitationView(invitation) };
  }
  return commitChange({ db, relay }, async (trx, notify) => {
    const version = await bumpScheduleVersion(trx, groupId);
    const member = await insertMember(trx, groupId, user.id, input.role);
    if (!member) throw new AlreadyMemberError();
    notify([
      notice({
        recipientId: user.id,
        type: 'member_added',
        key: `${groupId}:${version}`,
        title: `You were added to ${group.name} as ${input.role}`,
        data: { groupId, role: input.role },
        at: now(),
      }),
    ]);
    return { status: 'added' as const, member: toMemberView(member, user) };
  });
}
