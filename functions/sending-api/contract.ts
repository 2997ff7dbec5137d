import { z } from 'zod';

/**
 * The sending API's published HTTP contract (what a real SMS gateway documents): campaigns' client is
 * built against this file only. `POST /sending-api/v1/send/{messageId}` with a bearer token; the message
 * id is the idempotency key: a repeat of an accepted id is accepted again without a second delivery.
 */
export const SendMessageRequest = z.strictObject({
  id: z.string().min(1).max(100),
  phone: z.string().regex(/^\+[1-9]\d{6,14}$/, 'Expected an E.164 phone number.'),
  text: z.string().min(1).max(1000),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequest>;

export const SendMessageAccepted = z.object({
  messageId: z.string(),
  status: z.literal('accepted'),
  /** true when this id had already been accepted (nothing was delivered again). */
  duplicate: z.boolean(),
});
export type SendMessageAccepted = z.infer<typeof SendMessageAccepted>;
