import { z } from 'zod';

/**
 * One message of a mailing to send (queue `campaign-messages`, DLQ after 5 receives). The row in
 * campaign_messages is the truth; the queue message only says "look at it now". Duplicates are
 * harmless: the sender claims the row with a conditional update.
 */
export const CampaignMessageJob = z.object({
  messageId: z.uuid(),
  mailingId: z.uuid(),
  /** A send slot reserved under the mailing's rate limit (ISO instant): not sent before it. */
  notBefore: z.iso.datetime().optional(),
});
export type CampaignMessageJob = z.infer<typeof CampaignMessageJob>;

export const campaignMessagesQueue = { name: 'campaign-messages', schema: CampaignMessageJob } as const;
