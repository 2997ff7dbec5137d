import { z } from 'zod';

/**
 * One message of a mailing to send (queue `campaign-messages`, DLQ after 5 receives). The row in
 * campaign_messages is the truth; the queue message only says "look at it now". Duplicates are
 * harmless: the sender claims the row with a conditional update.
 */
export const CampaignMessageJob = z.object({
  messageId: z.uuid(),
  mailingId: z.uuid(),
  /**
   * A send slot reserved under the mailing's rate limit (ISO instant): not sent before it. Only on the
   * re-queue that waits for that very slot; any other wait (window, breaker, retry) gives it up, and the
   * job takes a fresh one when it comes back.
   */
  notBefore: z.iso.datetime().optional(),
  /**
   * The mailing's resume count when this job was queued (absent: 0). A job queued before the last
   * resume is dropped: the resume queued that message again, with a fresh rate-slot sequence.
   */
  resumeCount: z.number().int().nonnegative().optional(),
});
export type CampaignMessageJob = z.infer<typeof CampaignMessageJob>;

export const campaignMessagesQueue = { name: 'campaign-messages', schema: CampaignMessageJob } as const;
