import { dynamoDocuments } from '#platform/aws/clients';
import { resolveSecret } from '#platform/aws/secrets';
import { platformConfig } from '#platform/config';
import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { AppError } from '#platform/errors';
import { publish } from '#platform/messaging/queues';
import { dynamoBreakerStore } from '#platform/resilience/breaker-store';
import { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import { GetUserContact } from '../identity/contract.js';
import { FindTelegramChats, UnlinkTelegramChat } from '../telegram/contract.js';
import { emailSender } from './adapters/email.sender.js';
import { telegramSender } from './adapters/telegram.sender.js';
import { deliveryConfig, notificationsConfig } from './config.js';
import type { Channel } from './contract.js';
import type { ChannelSender, DeliveryDeps, NotificationsDeps, RecipientDirectory } from './deps.js';
import type { PurgeOptions } from './purge-notifications.js';
import { deliveriesQueue } from './schemas.js';
import type { StoreDeps } from './store-notification.js';

// The composition root: wires the use cases to the real adapters and configuration, once per
// container. Handlers take their dependencies from here; tests pass their own.

export async function notificationsDeps(): Promise<NotificationsDeps> {
  return { db: await getDb(), now: () => new Date() };
}

export function purgeOptions(): PurgeOptions {
  return {
    retentionDays: notificationsConfig().NOTIFICATION_RETENTION_DAYS,
    batchSize: 1000,
    budgetMs: 20_000,
  };
}

/** Telegram always (an unlinked user's delivery is `skipped`); e-mail only with SMTP_URL. */
export function availableChannels(): Channel[] {
  return deliveryConfig().SMTP_URL ? ['telegram', 'email'] : ['telegram'];
}

export async function storeDeps(): Promise<StoreDeps> {
  return { ...(await notificationsDeps()), availableChannels: availableChannels() };
}

let senders: Promise<DeliveryDeps['senders']> | undefined;
const breakers = new Map<string, SharedCircuitBreaker>();

/**
 * The bot token from the environment (local runtime), or on AWS from SSM
 * (TELEGRAM_BOT_TOKEN_PARAMETER, cached like every secret); none configured: Telegram is `skipped`.
 */
export async function telegramToken(): Promise<string | undefined> {
  const config = deliveryConfig();
  if (!config.TELEGRAM_BOT_TOKEN && !config.TELEGRAM_BOT_TOKEN_PARAMETER) return undefined;
  return resolveSecret(
    'TELEGRAM_BOT_TOKEN',
    {
      value: config.TELEGRAM_BOT_TOKEN || undefined,
      parameter: config.TELEGRAM_BOT_TOKEN_PARAMETER || undefined,
    },
    3,
  );
}

async function channelSenders(): Promise<DeliveryDeps['senders']> {
  const config = deliveryConfig();
  const built: Partial<Record<'telegram' | 'email', ChannelSender>> = {};
  const token = await telegramToken();
  if (token) {
    built.telegram = telegramSender({
      apiRoot: config.TELEGRAM_API_ROOT,
      token,
      timeoutMs: config.TELEGRAM_TIMEOUT_MS,
    });
  }
  if (config.SMTP_URL) {
    built.email = emailSender({
      smtpUrl: config.SMTP_URL,
      from: config.SMTP_FROM,
      timeoutMs: config.SMTP_TIMEOUT_MS,
    });
  }
  return built;
}

/** One breaker per channel, its state shared by every consumer through DynamoDB (the cache table). */
export function channelBreaker(channel: string): SharedCircuitBreaker {
  let breaker = breakers.get(channel);
  if (!breaker) {
    const config = deliveryConfig();
    breaker = new SharedCircuitBreaker({
      name: `delivery-${channel}`,
      store: dynamoBreakerStore(dynamoDocuments(), platformConfig().CACHE_TABLE),
      failureThreshold: config.DELIVERY_BREAKER_THRESHOLD,
      openForMs: config.DELIVERY_BREAKER_OPEN_SECONDS * 1000,
      probeLeaseMs: 15_000,
    });
    breakers.set(channel, breaker);
  }
  return breaker;
}

/** The recipient's chat (telegram context) and profile (identity context), through their contracts. */
export function contractRecipients(invoke = invoker(lambdaTransport)): RecipientDirectory {
  return {
    telegramChats: async (userIds) => {
      const unique = [...new Set(userIds)];
      const chats = new Map<string, string>();
      // The contract takes up to 100 users per call; a batch rarely has more than 10.
      for (let start = 0; start < unique.length; start += 100) {
        const { chats: found } = await invoke(FindTelegramChats, {
          userIds: unique.slice(start, start + 100),
        });
        for (const { userId, chatId } of found) chats.set(userId, chatId);
      }
      return chats;
    },
    unlinkTelegram: async (userId, chatId, reason) => {
      await invoke(UnlinkTelegramChat, { userId, chatId, reason });
    },
    profile: async (userId) => {
      try {
        return await invoke(GetUserContact, { userId });
      } catch (error) {
        if (error instanceof AppError && error.status === 404) return null; // the account is gone
        throw error;
      }
    },
  };
}

export async function deliveryDeps(): Promise<DeliveryDeps> {
  senders ??= channelSenders().catch((error: unknown) => {
    senders = undefined; // an SSM hiccup at cold start is retried by the next invocation
    throw error;
  });
  const config = deliveryConfig();
  return {
    ...(await notificationsDeps()),
    senders: await senders,
    breaker: channelBreaker,
    recipients: contractRecipients(),
    requeue: (job, delaySeconds) => publish(deliveriesQueue, [{ message: job, delaySeconds }]),
    maxAgeMinutes: config.DELIVERY_MAX_AGE_MINUTES,
    backoff: { initialDelayMs: 2_000, maxDelayMs: 300_000 },
    sendingLeaseSeconds: 120,
  };
}
