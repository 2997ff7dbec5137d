import { sqsHandler } from '#platform/messaging/consumer';
import { coalesce } from '../../coalesce.js';
import { type CampaignMessageJob, campaignMessagesQueue } from '../../contract.js';
import { SENDER_BATCH, senderDeps } from '../../runtime.js';
import { sendCampaignMessages } from '../../send-campaign-message.js';

// The records of one SQS batch (up to 50, functions.yml) are sent together: one set of round trips.
const send = coalesce(
  async (jobs: CampaignMessageJob[]) => sendCampaignMessages(await senderDeps(), jobs),
  SENDER_BATCH,
);

export const handler = sqsHandler({
  queue: campaignMessagesQueue,
  handle: async (job) => {
    await send(job);
  },
});
