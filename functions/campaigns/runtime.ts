import { dynamoDocuments } from '#platform/aws/clients';
import { resolveSecret } from '#platform/aws/secrets';
import { platformConfig } from '#platform/config';
import { getDb } from '#platform/db/index';
import { relay } from '#platform/messaging/outbox';
import { publish } from '#platform/messaging/queues';
import { log } from '#platform/observability';
import { dynamoBreakerStore } from '#platform/resilience/breaker-store';
import { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import { breakerGate } from './adapters/breaker-gate.js';
import { httpSendingApi, type SendingApi } from './adapters/sending-api.client.js';
import { campaignsConfig, sendingApiUrl } from './config.js';
import { campaignMessagesQueue } from './contract.js';
import { type DispatchDeps, dispatchMailings } from './dispatch-mailings.js';
import type { MailingDeps } from './mailings.js';
import type { SenderDeps } from './send-campaign-message.js';
import { loggedProfile } from './sender-profile.js';

// Wires the use cases to the real adapters, once per container; tests pass their own dependencies.

/** Queue messages per sender invocation (functions.yml `batchSize`), and calls in flight at once: at
 * most two rounds of calls per batch, so a batch ends well inside the claim's lease. */
export const SENDER_BATCH = 50;
const SENDER_CONCURRENCY = Math.ceil(SENDER_BATCH / 2);

/** The shared breaker of the sending API: one DynamoDB item for every instance. */
export const SENDING_API_BREAKER = 'sending-api';

export async function dispatchDeps(): Promise<DispatchDeps> {
  const db = await getDb();
  const config = campaignsConfig();
  return {
    db,
    now: () => new Date(),
    batchSize: config.CAMPAIGN_DISPATCH_BATCH,
    leaseMs: config.leaseMs,
    relay: async (ids) => {
      if (ids.length === 0) return;
      try {
        await relay(db, { ids, limit: ids.length });
      } catch (error) {
        log().warn('outbox relay deferred to the cron', { error: error as Error, count: ids.length });
      }
    },
  };
}

/**
 * HTTP use cases: a started mailing is dispatched (or a cancelled one closed) right away for up to
 * two seconds; the every-minute cron goes on with the rest.
 */
export async function mailingDeps(): Promise<MailingDeps & { leaseMs: number }> {
  const dispatch = await dispatchDeps();
  return {
    db: dispatch.db,
    now: dispatch.now,
    leaseMs: dispatch.leaseMs,
    kick: async (mailingId) => {
      await dispatchMailings(dispatch, { budgetMs: 2_000, only: [mailingId] });
    },
  };
}

let sendingApi: Promise<SendingApi> | undefined;
const senderProfile = loggedProfile();
let breaker: SharedCircuitBreaker | undefined;

export async function senderDeps(): Promise<SenderDeps> {
  const config = campaignsConfig();
  sendingApi ??= resolveSecret(
    'SENDING_API_TOKEN',
    { value: config.SENDING_API_TOKEN, parameter: config.SENDING_API_TOKEN_PARAMETER },
    16,
  ).then((token) =>
    httpSendingApi({ baseUrl: sendingApiUrl(), token, timeoutMs: config.SENDING_API_TIMEOUT_MS }),
  );
  sendingApi.catch(() => {
    sendingApi = undefined;
  });
  breaker ??= new SharedCircuitBreaker({
    name: SENDING_API_BREAKER,
    store: dynamoBreakerStore(dynamoDocuments(), platformConfig().CACHE_TABLE),
    failureThreshold: config.CAMPAIGN_BREAKER_THRESHOLD,
    openForMs: config.CAMPAIGN_BREAKER_OPEN_SECONDS * 1000,
    probeLeaseMs: config.leaseMs,
  });
  return {
    db: await getDb(),
    now: () => new Date(),
    sendingApi: await sendingApi,
    breaker: breakerGate(breaker),
    requeue: (entries) =>
      publish(
        campaignMessagesQueue,
        entries.map(({ job, delaySeconds }) => ({ message: job, delaySeconds })),
      ),
    maxAttempts: config.CAMPAIGN_MAX_ATTEMPTS,
    leaseMs: config.leaseMs,
    retry: { initialDelayMs: config.CAMPAIGN_RETRY_BASE_MS, maxDelayMs: config.CAMPAIGN_RETRY_MAX_MS },
    random: Math.random,
    concurrency: SENDER_CONCURRENCY,
    profile: senderProfile,
  };
}
