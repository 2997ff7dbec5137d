import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { currentCorrelationId, log, MetricUnit, metrics } from '#platform/observability';
import {
  type AudienceScan,
  accountForBatch,
  closeOpenBatch,
  materialiseBatch,
  requeueBatch,
  requeueStale,
} from './adapters/audience.repository.js';
import {
  dueMailingIds,
  finishIfSettled,
  lockMailingForClosing,
  lockMailingForDispatch,
  markClosed,
  recordClosingProgress,
  recordDispatchProgress,
  unclosedMailingIds,
} from './adapters/dispatch.repository.js';
import type { MailingRow } from './adapters/mailings.repository.js';

/** Longer than SQS's longest delay (15 min) plus touchWaiting's 5 minutes of slack. */
export const STALE_MS = 21 * 60_000;

export interface DispatchDeps {
  db: Kysely<DB>;
  now: () => Date;
  batchSize: number;
  leaseMs: number;
  /** Sends outbox rows right after their commit (best effort; the relayOutbox cron sends the rest). */
  relay: (outboxIds: string[]) => Promise<void>;
}

/**
 * The audience of a mailing: the owner's clients matching its filter, created no later than its start
 * (or than its creation, for a mailing created already started). Each client is matched when its
 * keyset batch is materialised; see docs/campaigns.md (Audience) for edits and deletions meanwhile.
 */
export function audienceOf(mailing: MailingRow): AudienceScan {
  return {
    id: mailing.id,
    ownerId: mailing.owner_id,
    tags: mailing.filter_tags,
    operatorCodes: mailing.filter_operator_codes,
    after: mailing.dispatch_cursor,
  };
}

/**
 * Where a batch over the audience leaves the mailing: the cursor after its last client, and the whole
 * audience gone through once a batch comes back short (materialised, or accounted for when closing).
 */
function audienceProgress(
  mailing: MailingRow,
  batch: { scanned: number; last?: string | null },
  batchSize: number,
  now: Date,
) {
  return {
    dispatchCursor: batch.last ?? mailing.dispatch_cursor,
    dispatchedAt: batch.scanned < batchSize ? now : undefined,
  };
}

/**
 * Works on one mailing until it is (after a resume) re-queued and fully materialised, or the deadline
 * passes. Each batch is one transaction: lock the mailing (a concurrent dispatcher skips it), insert one
 * message per client of the next keyset batch (ON CONFLICT DO NOTHING) with their outbox rows, advance
 * the cursor. A crash between batches resumes from the cursor; a crash inside one rolls it back.
 * A resume's re-queue goes first: it covers the messages that existed when the mailing was resumed,
 * and the ones materialised after it already carry the new resume count (one job each, not two).
 */
export async function dispatchMailing(deps: DispatchDeps, mailingId: string, deadline: number) {
  let materialised = 0;
  let requeued = 0;
  while (Date.now() < deadline) {
    const step = await deps.db.transaction().execute(async (trx) => {
      const now = deps.now();
      const mailing = await lockMailingForDispatch(trx, mailingId, now);
      if (!mailing) return null;
      const correlationId = currentCorrelationId() ?? null;
      const resumeCount = mailing.resume_count;
      if (mailing.requeue_pending) {
        const batch = await requeueBatch(
          trx,
          { mailingId: mailing.id, resumeCount },
          mailing.requeue_cursor,
          deps.batchSize,
          correlationId,
        );
        const complete = batch.scanned < deps.batchSize;
        await recordDispatchProgress(
          trx,
          mailing.id,
          complete ? { requeueDone: true } : { requeueCursor: batch.last },
          now,
        );
        return { kind: 'requeued' as const, outboxIds: batch.outboxIds };
      }
      if (!mailing.dispatched_at) {
        const batch = await materialiseBatch(
          trx,
          { ...audienceOf(mailing), resumeCount },
          deps.batchSize,
          correlationId,
          now,
        );
        await recordDispatchProgress(
          trx,
          mailing.id,
          audienceProgress(mailing, batch, deps.batchSize, now),
          now,
        );
        return { kind: 'materialised' as const, outboxIds: batch.outboxIds };
      }
      return null;
    });
    if (!step) break;
    if (step.kind === 'materialised') materialised += step.outboxIds.length;
    else requeued += step.outboxIds.length;
    await deps.relay(step.outboxIds);
  }
  if (materialised > 0) metrics.addMetric('CampaignMessagesMaterialised', MetricUnit.Count, materialised);
  return { materialised, requeued };
}

/**
 * The every-minute run: close ended and cancelled mailings (their open messages and the clients that
 * never got one become expired / cancelled), start or continue every due mailing within the time
 * budget, re-queue lost queue messages, and finish mailings with nothing open any more.
 */
export async function dispatchMailings(
  deps: DispatchDeps,
  /** `only`: just these mailings (tests that share one database with other tests). */
  options: { budgetMs: number; maxMailings?: number; only?: string[] },
) {
  const deadline = Date.now() + options.budgetMs;
  const now = deps.now();
  let expired = 0;
  let cancelled = 0;
  let closed = 0;
  for (const id of await unclosedMailingIds(deps.db, now, options.maxMailings ?? 100, options.only)) {
    if (Date.now() >= deadline) break;
    const result = await closeMailing(deps, id, deadline);
    expired += result.expired;
    cancelled += result.cancelled;
    if (result.closed) closed += 1;
  }
  let materialised = 0;
  let requeued = 0;
  const due = await dueMailingIds(deps.db, now, options.maxMailings ?? 100, options.only);
  for (const id of due) {
    if (Date.now() >= deadline) break;
    const result = await dispatchMailing(deps, id, deadline);
    materialised += result.materialised;
    requeued += result.requeued;
  }
  // Lost queue messages: anything open nobody has touched for 20 minutes is queued again.
  const staleIds = await deps.db
    .transaction()
    .execute((trx) =>
      requeueStale(
        trx,
        { now: deps.now(), staleMs: STALE_MS, leaseMs: deps.leaseMs, limit: 5_000, only: options.only },
        currentCorrelationId() ?? null,
      ),
    );
  await deps.relay(staleIds);
  const finished = await finishIfSettled(deps.db, deps.now(), options.only);
  if (expired > 0) {
    metrics.addMetric('CampaignMessagesExpired', MetricUnit.Count, expired);
    log().info('campaign messages expired at their mailing end', { expired });
  }
  return {
    due: due.length,
    materialised,
    requeued,
    requeuedStale: staleIds.length,
    expired,
    cancelled,
    finished: finished + closed,
  };
}

/**
 * Closes one cancelled or ended mailing in bounded batches, each its own short transaction under the
 * mailing's row lock (a concurrent closer or dispatcher waits, then sees the progress): first its open
 * messages become final (`cancelled` / `expired`, never sent: nothing is enqueued), then every client
 * of its audience that never got a message gets one, already final, from the materialisation cursor
 * on; once the whole audience is accounted for and nothing is open, the mailing is closed
 * (`finished_at`). Idempotent: the unique (mailing_id, client_id) and the cursor make a repeat a no-op.
 */
export async function closeMailing(deps: DispatchDeps, mailingId: string, deadline: number) {
  const result = { expired: 0, cancelled: 0, closed: false };
  while (Date.now() < deadline) {
    const step = await deps.db.transaction().execute(async (trx) => {
      const now = deps.now();
      const mailing = await lockMailingForClosing(trx, mailingId, now);
      if (!mailing) return null;
      const to = mailing.status === 'cancelled' ? ('cancelled' as const) : ('expired' as const);
      const reason = to === 'cancelled' ? 'mailing cancelled' : 'not sent before the mailing ended';
      const open = await closeOpenBatch(trx, mailing.id, to, {
        now,
        leaseMs: deps.leaseMs,
        reason,
        limit: deps.batchSize,
      });
      if (open === deps.batchSize) return { to, count: open, more: true };
      if (!mailing.dispatched_at) {
        const batch = await accountForBatch(trx, audienceOf(mailing), to, reason, deps.batchSize, now);
        await recordClosingProgress(
          trx,
          mailing.id,
          audienceProgress(mailing, batch, deps.batchSize, now),
          now,
        );
        return { to, count: open + batch.inserted, more: true };
      }
      // Everything accounted for: closed unless a fresh claim is still finishing its call.
      const closed = await markClosed(trx, mailing.id, now);
      return { to, count: open, more: false, closed };
    });
    if (!step) break;
    result[step.to] += step.count;
    if (!step.more) {
      result.closed = step.closed ?? false;
      break;
    }
  }
  return result;
}
