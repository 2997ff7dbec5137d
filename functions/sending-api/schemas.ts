import { z } from 'zod';

export { SendMessageAccepted, SendMessageRequest } from './contract.js';

export const MessageIdParams = z.strictObject({ messageId: z.string().min(1).max(100) });

/** The fault knobs; PUT replaces all of them (an omitted knob goes back to its default). */
export const FaultsBody = z.strictObject({
  /** Share of requests answered 500 (0–1). */
  errorRate: z.number().min(0).max(1).default(0),
  /** Added after a message is accepted, before the answer: a caller's timeout then loses the answer. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** true: every send answers 503. */
  down: z.boolean().default(false),
  /** Accepted sends per second across all callers; above it 429 with Retry-After. null: no limit. */
  maxPerSecond: z.number().int().min(1).max(100_000).nullable().default(null),
});
export type Faults = z.infer<typeof FaultsBody>;

export const FaultsView = z.object({
  errorRate: z.number(),
  latencyMs: z.number().int(),
  down: z.boolean(),
  maxPerSecond: z.number().int().nullable(),
});

export const DeliveryView = z.object({
  messageId: z.string(),
  phone: z.string(),
  deliveries: z.number().int(),
  requests: z.number().int(),
  acceptedAt: z.string(),
});

export const DeliveryStatsView = z.object({
  accepted: z.number().int(),
  requests: z.number().int(),
  /** The most deliveries any one id got: 1 means no message was ever delivered twice. */
  maxDeliveriesPerId: z.number().int(),
});
