import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { CampaignMailings, DB } from '#platform/db/schema';

type Executor = Kysely<DB> | Transaction<DB>;
export type MailingRow = Selectable<CampaignMailings>;

export interface MailingRecord {
  text: string;
  startsAt: Date;
  endsAt: Date;
  tags: string[];
  operatorCodes: string[];
  window: { start: string; end: string } | null;
  ratePerSecond: number | null;
}

const columns = (mailing: MailingRecord) => ({
  text: mailing.text,
  starts_at: mailing.startsAt,
  ends_at: mailing.endsAt,
  filter_tags: mailing.tags,
  filter_operator_codes: mailing.operatorCodes,
  window_start: mailing.window?.start ?? null,
  window_end: mailing.window?.end ?? null,
  rate_per_second: mailing.ratePerSecond,
});

export async function insertMailing(db: Executor, ownerId: string, mailing: MailingRecord) {
  return db
    .insertInto('campaign_mailings')
    .values({ owner_id: ownerId, ...columns(mailing) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findMailing(db: Executor, ownerId: string, id: string) {
  return db
    .selectFrom('campaign_mailings')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
}

export async function findMailingForUpdate(trx: Transaction<DB>, ownerId: string, id: string) {
  return trx
    .selectFrom('campaign_mailings')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .forUpdate()
    .executeTakeFirst();
}

export async function listMailings(db: Executor, ownerId: string, page: { after?: string; limit: number }) {
  let query = db
    .selectFrom('campaign_mailings')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .limit(page.limit);
  if (page.after) query = query.where('id', '>', page.after);
  return query.execute();
}

export async function updateMailingFields(trx: Transaction<DB>, id: string, mailing: MailingRecord) {
  return trx
    .updateTable('campaign_mailings')
    .set({ ...columns(mailing), next_slot_at: null, updated_at: new Date() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * `requeue` (a resume): every open message goes back on the queue (the dispatcher, in batches), under
 * a new resume count, and the rate slots start afresh: the jobs queued before, and the slots they hold,
 * are dropped by the sender (see CampaignMessageJob.resumeCount), so no message spends two slots.
 */
export async function setMailingStatus(
  trx: Transaction<DB>,
  id: string,
  status: MailingRow['status'],
  extra: { requeue?: boolean; finishedAt?: Date } = {},
) {
  return trx
    .updateTable('campaign_mailings')
    .set({
      status,
      updated_at: new Date(),
      ...(extra.requeue
        ? {
            requeue_pending: true,
            requeue_cursor: null,
            resume_count: sql<number>`resume_count + 1`,
            next_slot_at: null,
          }
        : {}),
      ...(extra.finishedAt ? { finished_at: extra.finishedAt } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Reserves the next `count` send slots under the mailing's rate limit, atomically (one row update):
 * returns the first; slot i is `i/rate` seconds after it. Never in the past; every caller gets its own.
 */
export async function reserveSendSlots(
  db: Executor,
  mailingId: string,
  ratePerSecond: number,
  count: number,
  now: Date,
): Promise<Date> {
  const seconds = count / ratePerSecond;
  const { rows } = await sql<{ slot: Date }>`
    update campaign_mailings
    set next_slot_at = greatest(coalesce(next_slot_at, ${now}::timestamptz), ${now}::timestamptz)
      + make_interval(secs => ${seconds})
    where id = ${mailingId}
    returning next_slot_at - make_interval(secs => ${seconds}) as slot`.execute(db);
  return rows[0]?.slot ?? now;
}
