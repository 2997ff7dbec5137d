import { sqsHandler } from '#platform/messaging/consumer';
import { campaignMessagesQueue } from '../../contract.js';
import { senderDeps } from '../../runtime.js';
import { sendCampaignMessage } from '../../send-campaign-message.js';

export const handler = sqsHandler({
  queue: campaignMessagesQueue,
  handle: async (job) => {
    await sendCampaignMessage(await senderDeps(), job);
  },
});
