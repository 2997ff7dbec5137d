import { type ExpressionBuilder, expressionBuilder, type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

type MailingFilter = ExpressionBuilder<DB, 'campaign_mailings'>;

/** A mailing that is sending now: scheduled or running, started and not ended. */
const sendingNow = (now: Date) => (eb: MailingFilter) =>
  eb.and([eb('status', 'in', ['scheduled', 'running']), eb('starts_at', '<=', now), eb('ends_at', '>', now)]);

/** A mailing to close: cancelled or past its end, and not closed yet (`finished_at` null). */
const toClose = (now: Date) => (eb: MailingFilter) =>
  eb.and([eb('finished_at', 'is', null), eb.or([eb('status', '=', 'cancelled'), eb('ends_at', '<=', now)])]);

/** Mailings whose turn it is: started, not ended, with clients left to materialise or messages to requeue. */
export async function dueMailingIds(
  db: Kysely<DB>,
  now: Date,
  limit: number,
  only?: string[],
): Promise<string[]> {
  if (only?.length === 0) return [];
  let query = db
    .selectFrom('campaign_mailings')
    .select('id')
    .where(sendingNow(now))
    .where((eb) => eb.or([eb('dispatched_at', 'is', null), eb('requeue_pending', '=', true)]))
    .orderBy('starts_at')
    .limit(limit);
  if (only) query = query.where('id', 'in', only);
  const rows = await query.execute();
  return rows.map((row) => row.id);
}

/**
 * Locks one mailing for one dispatcher batch. A concurrent dispatcher waits (not SKIP LOCKED: senders
 * briefly lock the row to reserve rate slots, and skipping would stall the materialisation) and then
 * continues from the cursor the first one advanced.
 */
export async function lockMailingForDispatch(trx: Transaction<DB>, id: string, now: Date) {
  return trx
    .selectFrom('campaign_mailings')
    .selectAll()
    .where('id', '=', id)
    .where(sendingNow(now))
    .forUpdate()
    .executeTakeFirst();
}

export async function recordDispatchProgress(
  trx: Transaction<DB>,
  id: string,
  progress: {
    dispatchCursor?: string | null;
    dispatchedAt?: Date;
    requeueCursor?: string | null;
    requeueDone?: boolean;
  },
  now: Date,
) {
  await trx
    .updateTable('campaign_mailings')
    .set({
      status: 'running',
      updated_at: now,
      ...(progress.dispatchCursor !== undefined ? { dispatch_cursor: progress.dispatchCursor } : {}),
      ...(progress.dispatchedAt ? { dispatched_at: progress.dispatchedAt } : {}),
      ...(progress.requeueCursor !== undefined ? { requeue_cursor: progress.requeueCursor } : {}),
      ...(progress.requeueDone ? { requeue_pending: false, requeue_cursor: null } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Mailings to close: cancelled, or past their end, and not closed yet (`finished_at` null). Closing
 * turns their open messages final and accounts for the clients that never got a message.
 */
export async function unclosedMailingIds(
  db: Kysely<DB>,
  now: Date,
  limit: number,
  only?: string[],
): Promise<string[]> {
  if (only?.length === 0) return [];
  let query = db
    .selectFrom('campaign_mailings')
    .select('id')
    .where(toClose(now))
    .orderBy('ends_at')
    .limit(limit);
  if (only) query = query.where('id', 'in', only);
  const rows = await query.execute();
  return rows.map((row) => row.id);
}

/** Locks a mailing to close for one closing batch (a concurrent closer or dispatcher waits). */
export async function lockMailingForClosing(trx: Transaction<DB>, id: string, now: Date) {
  return trx
    .selectFrom('campaign_mailings')
    .selectAll()
    .where('id', '=', id)
    .where(toClose(now))
    .forUpdate()
    .executeTakeFirst();
}

/** Progress of the accounting of a closed mailing's audience (no status change: it is closing). */
export async function recordClosingProgress(
  trx: Transaction<DB>,
  id: string,
  progress: { dispatchCursor: string | null; dispatchedAt?: Date },
  now: Date,
) {
  await trx
    .updateTable('campaign_mailings')
    .set({
      dispatch_cursor: progress.dispatchCursor,
      updated_at: now,
      ...(progress.dispatchedAt ? { dispatched_at: progress.dispatchedAt } : {}),
    })
    .where('id', '=', id)
    .execute();
}

/**
 * Closes a cancelled or ended mailing once its whole audience has a message and none is open (read
 * from the counters): `finished_at` is set, an ended one becomes `finished`, a cancelled one stays so.
 */
export async function markClosed(trx: Transaction<DB>, id: string, now: Date): Promise<boolean> {
  const result = await trx
    .updateTable('campaign_mailings as g')
    .set({
      status: sql`case when g.status = 'cancelled' then 'cancelled' else 'finished' end`,
      finished_at: now,
      updated_at: now,
      requeue_pending: false,
      requeue_cursor: null,
    })
    .where('g.id', '=', id)
    .where('g.dispatched_at', 'is not', null)
    .where(({ not, exists }) => not(exists(openCounters())))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Finishes running mailings whose audience is fully materialised and whose messages are all final
 * (read from the counters, not the messages). Ended and cancelled ones are closed by markClosed.
 */
export async function finishIfSettled(db: Kysely<DB>, now: Date, ids?: string[]): Promise<number> {
  let query = db
    .updateTable('campaign_mailings as g')
    .set({ status: 'finished', finished_at: now, updated_at: now })
    .where('g.status', '=', 'running')
    .where('g.dispatched_at', 'is not', null)
    .where('g.requeue_pending', '=', false)
    .where(({ not, exists }) => not(exists(openCounters())));
  if (ids) {
    if (ids.length === 0) return 0;
    query = query.where('g.id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Counters of the mailing `g` with an open (pending or sending) message. */
const openCounters = () =>
  expressionBuilder<DB & { g: DB['campaign_mailings'] }, 'g'>()
    .selectFrom('campaign_mailing_counts as c')
    .select(sql`1`.as('one'))
    .whereRef('c.mailing_id', '=', 'g.id')
    .where('c.status', 'in', ['pending', 'sending'])
    .where('c.count', '>', '0');
