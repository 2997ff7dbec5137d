import type { Outcome } from '#platform/messaging/batching';
import { enqueueEach, relayQuietly } from '#platform/messaging/outbox';
import { log, MetricUnit, metrics } from '#platform/observability';
import { insertDeliveryRows, type NewDelivery } from './adapters/deliveries.repository.js';
import { insertNotification, insertNotifications } from './adapters/notifications.repository.js';
import { findPreferences, findPreferencesOf } from './adapters/preferences.repository.js';
import type { Channel, NotificationMessage } from './contract.js';
import type { NotificationsDeps } from './deps.js';
import { channelsFor, type Preferences } from './domain/delivery-policy.js';
import { type DeliveryJob, deliveriesQueue } from './schemas.js';

export interface StoreDeps extends NotificationsDeps {
  /** Channels this deployment can send on besides in_app (email only with SMTP_URL). */
  availableChannels?: Channel[];
  /** Sends the delivery jobs' outbox rows after the commit (default: relayQuietly; the cron catches up). */
  relay?: (outboxIds: string[]) => Promise<void>;
}

/** One message to store, with the correlation id and trace of the SQS record that carried it. */
export interface StoreRequest {
  message: NotificationMessage;
  correlationId?: string;
  traceparent?: string;
}

/** A stored notification's delivery rows and the jobs to put on the `deliveries` queue. */
function deliveryPlan(
  message: NotificationMessage,
  preferences: Preferences | null,
  availableChannels: Channel[],
): { rows: NewDelivery[]; jobs: DeliveryJob[] } {
  const channels = channelsFor(message.type, message.channels, preferences);
  const sending = channels.filter(
    (channel): channel is 'telegram' | 'email' => channel !== 'in_app' && availableChannels.includes(channel),
  );
  return {
    rows: [
      { channel: 'in_app', status: 'sent' },
      ...sending.map((channel) => ({ channel, status: 'queued' as const })),
      ...channels
        .filter((channel) => channel !== 'in_app' && !availableChannels.includes(channel))
        .map((channel) => ({
          channel,
          status: 'skipped' as const,
          lastError: `${channel} is not configured`,
        })),
    ],
    jobs: sending.map((channel) => ({ notificationId: message.notificationId, channel, hop: 0 })),
  };
}

function counted(deps: StoreDeps, stored: NotificationMessage[], duplicates: number) {
  const now = (deps.now ?? (() => new Date()))().getTime();
  if (stored.length > 0) metrics.addMetric('NotificationsStored', MetricUnit.Count, stored.length);
  for (const message of stored) {
    metrics.addMetric(
      'NotificationLag',
      MetricUnit.Milliseconds,
      Math.max(0, now - Date.parse(message.dueAt)),
    );
  }
  if (duplicates > 0) metrics.addMetric('NotificationDuplicates', MetricUnit.Count, duplicates);
}

const relayer = (deps: StoreDeps) => deps.relay ?? ((ids: string[]) => relayQuietly(deps.db, ids));

/**
 * Saves one notification and, in the same transaction, one delivery row per channel and a job on the
 * `deliveries` queue (outbox) for each channel that sends. Idempotent by construction: the producer's
 * notificationId is the primary key, so a redelivered or duplicated message inserts nothing.
 */
export async function storeNotification(
  deps: StoreDeps,
  message: NotificationMessage,
  correlationId?: string,
  traceparent?: string,
): Promise<boolean> {
  const { db, availableChannels = ['telegram'] } = deps;
  const { inserted, outboxIds } = await db.transaction().execute(async (trx) => {
    if (!(await insertNotification(trx, message, correlationId))) return { inserted: false, outboxIds: [] };
    const plan = deliveryPlan(message, await findPreferences(trx, message.recipientId), availableChannels);
    await insertDeliveryRows(
      trx,
      plan.rows.map((row) => ({ ...row, notificationId: message.notificationId })),
    );
    const ids = await enqueueEach(
      trx,
      deliveriesQueue,
      plan.jobs.map((job) => ({ message: job, correlationId, traceparent })),
    );
    return { inserted: true, outboxIds: ids };
  });
  if (inserted) await relayer(deps)(outboxIds);
  counted(deps, inserted ? [message] : [], inserted ? 0 : 1);
  return inserted;
}

/**
 * Stores a whole SQS batch in one transaction: one multi-row `INSERT … ON CONFLICT DO NOTHING RETURNING`
 * for the notifications, then, for the newly stored ones only, one query for their recipients'
 * preferences, one insert of their delivery rows and one of their outbox rows; one relay after the
 * commit. Each request's outcome is whether it stored a new notification (false: already stored, or a
 * repeat within the batch).
 *
 * If the batch transaction fails (one poison record, e.g. an unknown recipient), nothing of it was
 * written: every request is stored again in its own transaction (`storeNotification`), so the poison one
 * fails alone and the others are stored exactly once.
 */
export async function storeNotifications(
  deps: StoreDeps,
  requests: StoreRequest[],
): Promise<Outcome<boolean>[]> {
  if (requests.length === 1) return settleEach(deps, requests);
  const { db, availableChannels = ['telegram'] } = deps;
  let result: { added: Set<string>; outboxIds: string[] };
  try {
    result = await db.transaction().execute(async (trx) => {
      const added = await insertNotifications(trx, requests);
      const fresh = firstOfEach(requests).filter((request) => added.has(request.message.notificationId));
      const preferences = await findPreferencesOf(
        trx,
        fresh.map((request) => request.message.recipientId),
      );
      const plans = fresh.map((request) => ({
        request,
        plan: deliveryPlan(
          request.message,
          preferences.get(request.message.recipientId) ?? null,
          availableChannels,
        ),
      }));
      await insertDeliveryRows(
        trx,
        plans.flatMap(({ request, plan }) =>
          plan.rows.map((row) => ({ ...row, notificationId: request.message.notificationId })),
        ),
      );
      const outboxIds = await enqueueEach(
        trx,
        deliveriesQueue,
        plans.flatMap(({ request, plan }) =>
          plan.jobs.map((job) => ({
            message: job,
            correlationId: request.correlationId,
            traceparent: request.traceparent,
          })),
        ),
      );
      return { added, outboxIds };
    });
  } catch (error) {
    log().warn('notification batch not stored together; storing each on its own', {
      size: requests.length,
      error: error as Error,
    });
    return settleEach(deps, requests);
  }
  await relayer(deps)(result.outboxIds);
  // The same id twice in one batch: its first request stored it, the second is a duplicate.
  const outcomes = requests.map((request) => ({
    ok: true as const,
    value: result.added.delete(request.message.notificationId),
  }));
  counted(
    deps,
    requests.filter((_, index) => outcomes[index]?.value).map((request) => request.message),
    outcomes.filter((outcome) => !outcome.value).length,
  );
  return outcomes;
}

/** The first request of each notification id (a batch may carry the same message twice). */
function firstOfEach(requests: StoreRequest[]): StoreRequest[] {
  const seen = new Set<string>();
  return requests.filter((request) => {
    if (seen.has(request.message.notificationId)) return false;
    seen.add(request.message.notificationId);
    return true;
  });
}

function settleEach(deps: StoreDeps, requests: StoreRequest[]): Promise<Outcome<boolean>[]> {
  return Promise.all(
    requests.map((request) =>
      storeNotification(deps, request.message, request.correlationId, request.traceparent).then(
        (value) => ({ ok: true as const, value }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ),
  );
}
