import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

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
    .where('status', 'in', ['scheduled', 'running'])
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
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
    .where('status', 'in', ['scheduled', 'running'])
    .where('starts_at', '<=', now)
    .where('ends_at', '>', now)
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

/** Mailings past their end that are not closed yet (their open messages are to expire). */
export async function overdueMailingIds(
  db: Kysely<DB>,
  now: Date,
  limit: number,
  only?: string[],
): Promise<string[]> {
  if (only?.length === 0) return [];
  let query = db
    .selectFrom('campaign_mailings')
    .select('id')
    .where('status', 'in', ['scheduled', 'running', 'paused'])
    .where('ends_at', '<=', now)
    .limit(limit);
  if (only) query = query.where('id', 'in', only);
  const rows = await query.execute();
  return rows.map((row) => row.id);
}

/** Closes the mailing when nothing is open any more (read from the counters, not the messages). */
export async function finishIfSettled(db: Kysely<DB>, now: Date, ids?: string[]): Promise<number> {
  let query = db
    .updateTable('campaign_mailings as g')
    .set({ status: 'finished', finished_at: now, updated_at: now })
    .where((eb) =>
      eb.or([
        eb.and([
          eb('g.status', '=', 'running'),
          eb('g.dispatched_at', 'is not', null),
          eb('g.requeue_pending', '=', false),
        ]),
        eb.and([eb('g.status', 'in', ['scheduled', 'running', 'paused']), eb('g.ends_at', '<=', now)]),
      ]),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('campaign_mailing_counts as c')
            .select(sql`1`.as('one'))
            .whereRef('c.mailing_id', '=', 'g.id')
            .where('c.status', 'in', ['pending', 'sending'])
            .where('c.count', '>', '0'),
        ),
      ),
    );
  if (ids) {
    if (ids.length === 0) return 0;
    query = query.where('g.id', 'in', ids);
  }
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}
