import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Admission } from '#platform/resilience/breaker-state';
import type { SendingApi } from './adapters/sending-api.client.js';
import type { CampaignMessageJob } from './contract.js';
import type { SenderProfile } from './sender-profile.js';

// What the sender (send-campaign-message.ts) needs and answers; runtime.ts and the tests provide it.

/** The breaker as the sender sees it: asked once per batch (adapters/breaker-gate.ts). */
export interface SendGate {
  /** `clean`: it was closed with no failure counted, so a success has nothing to reset. */
  admit(): Promise<Admission & { clean?: boolean }>;
  succeeded(): Promise<void>;
  failed(probe: boolean): Promise<void>;
}

export interface Requeue {
  job: CampaignMessageJob;
  delaySeconds: number;
}

export interface SenderDeps {
  db: Kysely<DB>;
  now: () => Date;
  sendingApi: SendingApi;
  breaker: SendGate;
  /** Puts jobs back on the queue, delayed (SQS DelaySeconds), in one batch: the sender never sleeps. */
  requeue: (entries: Requeue[]) => Promise<void>;
  maxAttempts: number;
  leaseMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number };
  random: () => number;
  /** Calls to the sending API in flight at once (a round) within one batch. */
  concurrency: number;
  /** Optional: where the time goes, by phase (the runtime logs it; the benchmark reads it). */
  profile?: SenderProfile;
}

export type SendResult =
  | 'sent'
  | 'failed'
  | 'retry_scheduled'
  | 'deferred_breaker_open'
  | 'deferred_rate_limit'
  | 'waiting'
  | 'expired'
  | 'cancelled'
  | 'parked'
  /** Queued before the mailing's last resume, which queued the message again: dropped. */
  | 'superseded'
  | 'already_final'
  | 'not_claimed'
  | 'unknown_message';
