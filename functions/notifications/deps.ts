import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import type { DeliveryJob } from './schemas.js';

/** What the notification use cases need; runtime.ts builds it, tests pass their own. */
export interface NotificationsDeps {
  db: Kysely<DB>;
  now?: () => Date;
}

/** The stored notification as a channel sees it. */
export interface OutgoingNotification {
  id: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
}

/** Sends one notification to one address (a chat id, an e-mail address); throws ChannelSendError. */
export interface ChannelSender {
  send(address: string, notification: OutgoingNotification): Promise<void>;
}

export interface RecipientProfile {
  email: string | null;
  timeZone: string;
}

/** Where a user is reached, asked of the contexts that own it (telegram, identity). */
export interface RecipientDirectory {
  /** The linked chats of a batch's recipients in one call; users without a chat are absent. */
  telegramChats(userIds: string[]): Promise<Map<string, string>>;
  unlinkTelegram(userId: string, chatId: string, reason: string): Promise<void>;
  profile(userId: string): Promise<RecipientProfile | null>;
}

export interface DeliveryDeps extends NotificationsDeps {
  senders: Partial<Record<DeliveryJob['channel'], ChannelSender>>;
  breaker: (channel: DeliveryJob['channel']) => SharedCircuitBreaker;
  recipients: RecipientDirectory;
  /** Sends the job again after `delaySeconds` (≤ 900, SQS DelaySeconds). */
  requeue: (job: DeliveryJob, delaySeconds: number) => Promise<void>;
  /** Given up after this long undelivered, not counting time held by the recipient's quiet hours. */
  maxAgeMinutes: number;
  backoff: { initialDelayMs: number; maxDelayMs: number };
  /** A `sending` record older than this is taken to be a crashed attempt and sent again. */
  sendingLeaseSeconds: number;
  /** Jobs of one batch checked and sent at the same time (default 10). */
  sendConcurrency?: number;
}
