import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { MessageStatus } from '../domain/delivery.js';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Waiting messages say they are alive (at most every 5 minutes each), so requeueStale leaves them
 * alone. No statement at all when none of them was touched in the last 5 minutes (the usual case).
 */
export async function touchWaiting(db: Executor, messages: { id: string; updated_at: Date }[], now: Date) {
  const cutoff = new Date(now.getTime() - 5 * 60_000);
  const ids = messages.filter((message) => message.updated_at < cutoff).map((message) => message.id);
  if (ids.length === 0) return;
  await db
    .updateTable('campaign_messages')
    .set({ updated_at: now })
    .where('id', 'in', ids)
    .where('status', '=', 'pending')
    .where('updated_at', '<', cutoff)
    .execute();
}

/** Messages with what the sender needs of their mailing (one query for a whole queue batch). */
export async function findJobs(db: Executor, messageIds: string[]) {
  if (messageIds.length === 0) return [];
  return db
    .selectFrom('campaign_messages as m')
    .innerJoin('campaign_mailings as g', 'g.id', 'm.mailing_id')
    .select([
      'm.id',
      'm.status',
      'm.sending_at',
      'm.updated_at',
      'm.phone',
      'm.time_zone',
      'm.attempts',
      'g.id as mailing_id',
      'g.status as mailing_status',
      'g.text',
      'g.starts_at',
      'g.ends_at',
      'g.window_start',
      'g.window_end',
      'g.rate_per_second',
      'g.resume_count',
    ])
    .where('m.id', 'in', messageIds)
    .execute();
}

const takeable = (now: Date, leaseMs: number) =>
  sql<boolean>`(status = 'pending' or (status = 'sending' and sending_at <= ${new Date(now.getTime() - leaseMs)}))`;

/**
 * pending (or a stale claim) → sending, counting the attempt, for every message of the list that is
 * still takeable **and whose mailing still sends** (running or started, not ended, not paused or
 * cancelled): a pause, cancel or end committed after the sender read the mailing stops the claim here.
 * Returns the claimed ones; the others are someone else's, or final, or no longer to be sent.
 */
export async function claim(db: Executor, messageIds: string[], now: Date, leaseMs: number) {
  if (messageIds.length === 0) return [];
  return db
    .updateTable('campaign_messages')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), sending_at: now, updated_at: now }))
    .where('id', 'in', messageIds)
    .where(takeable(now, leaseMs))
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('campaign_mailings as g')
          .select(sql`1`.as('one'))
          .whereRef('g.id', '=', 'campaign_messages.mailing_id')
          .where('g.status', 'in', ['scheduled', 'running'])
          .where('g.starts_at', '<=', now)
          .where('g.ends_at', '>', now),
      ),
    )
    .returning(['id', 'attempts'])
    .execute();
}

/** Gives back an attempt (a breaker probe's failure measures the outage, not the message). */
export async function uncountAttempt(db: Executor, id: string) {
  await db
    .updateTable('campaign_messages')
    .set((eb) => ({ attempts: eb('attempts', '-', 1) }))
    .where('id', '=', id)
    .where('attempts', '>', 0)
    .execute();
}

/**
 * sending → sent | failed | pending (a retry), only from the claim: one statement for every message
 * of a batch with the same outcome (one counter update for all of them).
 */
export async function settle(
  db: Executor,
  messageIds: string[],
  to: 'sent' | 'failed' | 'pending',
  now: Date,
  error: string | null,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const result = await db
    .updateTable('campaign_messages')
    .set({
      status: to,
      updated_at: now,
      last_error: error?.slice(0, 500) ?? null,
      ...(to === 'sent' ? { sent_at: now } : {}),
    })
    .where('id', 'in', messageIds)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** pending (or a stale claim) → expired | cancelled, for the listed messages. */
export async function close(
  db: Executor,
  messageIds: string[],
  to: 'expired' | 'cancelled',
  now: Date,
  leaseMs: number,
  reason: string,
): Promise<number> {
  if (messageIds.length === 0) return 0;
  const result = await db
    .updateTable('campaign_messages')
    .set({ status: to, updated_at: now, last_error: reason })
    .where('id', 'in', messageIds)
    .where(takeable(now, leaseMs))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counters by status per mailing (a few rows each, kept by triggers): never a scan of the messages. */
export async function countsByStatus(db: Executor, mailingIds: string[]) {
  if (mailingIds.length === 0) return [];
  return db
    .selectFrom('campaign_mailing_counts')
    .select(['mailing_id', 'status', (eb) => eb.fn.sum<string>('count').as('count')])
    .where('mailing_id', 'in', mailingIds)
    .groupBy(['mailing_id', 'status'])
    .execute();
}

export async function countsByOperator(db: Executor, mailingId: string) {
  return db
    .selectFrom('campaign_mailing_counts')
    .select(['operator_code', 'status', 'count'])
    .where('mailing_id', '=', mailingId)
    .where('count', '<>', '0')
    .execute();
}

export async function listMessages(
  db: Executor,
  mailingId: string,
  page: { after?: string; limit: number; status?: MessageStatus },
) {
  let query = db
    .selectFrom('campaign_messages')
    .selectAll()
    .where('mailing_id', '=', mailingId)
    .orderBy('id')
    .limit(page.limit);
  if (page.after) query = query.where('id', '>', page.after);
  if (page.status) query = query.where('status', '=', page.status);
  return query.execute();
}

/** A deleted client gets nothing more: its open messages are cancelled. */
export async function cancelForClient(db: Executor, clientId: string, now: Date) {
  await db
    .updateTable('campaign_messages')
    .set({ status: 'cancelled', updated_at: now, last_error: 'client deleted' })
    .where('client_id', '=', clientId)
    .where('status', '=', 'pending')
    .execute();
}
