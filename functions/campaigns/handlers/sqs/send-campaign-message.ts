import { sqsHandler } from '#platform/messaging/consumer';
import { coalesce } from '../../coalesce.js';
import { type CampaignMessageJob, campaignMessagesQueue } from '../../contract.js';
import { senderDeps } from '../../runtime.js';
import { sendCampaignMessages } from '../../send-campaign-message.js';

// The records of one SQS batch (up to 10) are sent together: one set of round trips per batch.
const send = coalesce(
  async (jobs: CampaignMessageJob[]) => sendCampaignMessages(await senderDeps(), jobs),
  10,
);

export const handler = sqsHandler({
  queue: campaignMessagesQueue,
  handle: async (job) => {
    await send(job);
  },
});
