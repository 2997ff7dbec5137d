import { sqsHandler } from '#platform/messaging/consumer';
import { userRegisteredQueue } from '../../../identity/contract.js';
import { attachInvitations } from '../../attach-invitations.js';
import { meetingsDeps } from '../../runtime.js';

export const handler = sqsHandler({
  queue: userRegisteredQueue,
  handle: async (message) => {
    await attachInvitations(await meetingsDeps(), message);
  },
});
