import { getDb } from '#platform/db/index';
import { sqsHandler } from '#platform/messaging/consumer';
import { userRegisteredQueue } from '../../../identity/contract.js';
import { attachInvitations } from '../../attach-invitations.js';

export const handler = sqsHandler({
  queue: userRegisteredQueue,
  handle: async (message) => {
    await attachInvitations({ db: await getDb() }, message);
  },
});
