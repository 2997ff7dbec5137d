import { z } from 'zod';

/** One attempt to deliver a webhook; a failed attempt sends the next one with a longer delay. */
export const WebhookDeliveryMessage = z.object({ deliveryId: z.uuid(), attempt: z.number().int().min(1) });
export type WebhookDeliveryMessage = z.infer<typeof WebhookDeliveryMessage>;

export const paymentWebhooksQueue = { name: 'payment-webhooks', schema: WebhookDeliveryMessage } as const;
