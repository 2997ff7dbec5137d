import type { UserRegistered } from '../identity/contract.js';
import { commitChange } from './adapters/changes.js';
import { bumpScheduleVersion, insertMember, takeInvitationsFor } from './adapters/groups.repository.js';
import type { MeetingsDeps } from './deps.js';
import { notice } from './domain/notices.js';

/**
 * Consumes identity's `user.registered`: the address's pending invitations become memberships. Taking
 * the invitations deletes them in the same transaction, so a redelivered message finds nothing to do;
 * the notification id is deterministic, so even a crash between send and delete duplicates nothing.
 */
export async function attachInvitations(
  { db, relay }: Pick<MeetingsDeps, 'db' | 'relay'>,
  message: UserRegistered,
) {
  return commitChange({ db, relay }, async (trx, notify) => {
    const invitations = await takeInvitationsFor(trx, message.email);
    for (const invitation of invitations) {
      await bumpScheduleVersion(trx, invitation.groupId);
      await insertMember(trx, invitation.groupId, message.userId, invitation.role);
      notify([
        notice({
          recipientId: message.userId,
          type: 'member_added',
          key: `${invitation.groupId}:invitation`,
          title: `You joined a group you were invited to, as ${invitation.role}`,
          data: { groupId: invitation.groupId, role: invitation.role },
          at: new Date(message.registeredAt),
        }),
      ]);
    }
    return { attached: invitations.length };
  });
}
