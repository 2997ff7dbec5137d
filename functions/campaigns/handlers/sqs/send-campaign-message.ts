import { batchPerTurn } from '#platform/messaging/batching';
import { sqsHandler } from '#platform/messaging/consumer';
import { type CampaignMessageJob, campaignMessagesQueue } from '../../contract.js';
import { SENDER_BATCH, senderDeps } from '../../runtime.js';
import { sendCampaignMessages } from '../../send-campaign-message.js';

// The records of one SQS batch (up to 50, functions.yml) are sent together: one set of round trips.
// A failure of the whole batch (database, queue) fails every record of it, so all are redelivered.
const send = batchPerTurn(
  async (jobs: CampaignMessageJob[]) =>
    (await sendCampaignMessages(await senderDeps(), jobs)).map((value) => ({ ok: true as const, value })),
  { maxSize: SENDER_BATCH },
);

export const handler = sqsHandler({
  queue: campaignMessagesQueue,
  handle: async (job) => {
    await send(job);
  },
});
