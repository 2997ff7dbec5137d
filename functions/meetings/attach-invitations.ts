import type { UserRegistered } from '../identity/contract.js';
import { commitChange } from './adapters/changes.js';
import {
  bumpScheduleVersion,
  groupName,
  insertMember,
  roleOf,
  takeInvitationsFor,
} from './adapters/groups.repository.js';
import type { MeetingsDeps } from './deps.js';
import { notice } from './domain/notices.js';
import { canManage, INVITATION_JOINS_AS } from './domain/roles.js';

/**
 * Consumes identity's `user.registered`: the address's pending invitations become memberships, always
 * as a plain member (INVITATION_JOINS_AS: registering an address does not prove it is yours, so the
 * role an inviter offered is not handed to whoever registered it). The inviter, if they can still
 * manage the group, is told who joined and which role they had offered, so they can promote them.
 * Taking the invitations deletes them in the same transaction, so a redelivered message finds nothing
 * to do; the notification ids are deterministic, so even a crash between send and delete duplicates
 * nothing.
 */
export async function attachInvitations(
  { db, relay }: Pick<MeetingsDeps, 'db' | 'relay'>,
  message: UserRegistered,
) {
  return commitChange({ db, relay }, async (trx, notify) => {
    const invitations = await takeInvitationsFor(trx, message.email);
    const at = new Date(message.registeredAt);
    for (const invitation of invitations) {
      const { groupId } = invitation;
      await bumpScheduleVersion(trx, groupId);
      const member = await insertMember(trx, groupId, message.userId, INVITATION_JOINS_AS);
      if (!member) continue; // already a member (cannot normally happen: the address had no account)
      const name = (await groupName(trx, groupId)) ?? 'a group';
      notify([
        notice({
          recipientId: message.userId,
          type: 'member_added',
          key: `${groupId}:invitation`,
          title: `You joined ${name}, which you were invited to, as ${INVITATION_JOINS_AS}`,
          data: { groupId, role: INVITATION_JOINS_AS },
          at,
        }),
      ]);
      const inviterRole = await roleOf(trx, groupId, invitation.invitedBy);
      if (inviterRole && canManage(inviterRole) && invitation.invitedBy !== message.userId) {
        const promote =
          invitation.role === INVITATION_JOINS_AS
            ? ''
            : `; you offered ${invitation.role}: promote them once you know it is the person you meant`;
        notify([
          notice({
            recipientId: invitation.invitedBy,
            type: 'invitation_attached',
            key: `${groupId}:${message.userId}`,
            title: `${invitation.email} registered and joined ${name} as ${INVITATION_JOINS_AS}${promote}`,
            data: {
              groupId,
              userId: message.userId,
              email: invitation.email,
              role: INVITATION_JOINS_AS,
              offeredRole: invitation.role,
            },
            at,
          }),
        ]);
      }
    }
    return { attached: invitations.length };
  });
}
