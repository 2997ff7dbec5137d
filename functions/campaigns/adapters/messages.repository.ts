import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { MessageStatus } from '../domain/delivery.js';

type Executor = Kysely<DB> | Transaction<DB>;

const QUEUE = 'campaign-messages';

export interface BatchResult {
  /** The last client (materialise) or message (requeue) id of the batch; null when nothing was left. */
  last: string | null;
  scanned: number;
  outboxIds: string[];
}

/**
 * One keyset batch of the mailing's audience → one message per client (never two: the unique
 * (mailing_id, client_id) turns a repeat into nothing) → one outbox row per new message, all in the
 * caller's transaction. Nothing but ids comes back to the process, whatever the audience size.
 */
export async function materialiseBatch(
  trx: Transaction<DB>,
  mailing: { id: string; ownerId: string; tags: string[]; operatorCodes: string[]; after: string | null },
  batchSize: number,
  correlationId: string | null,
  now: Date,
): Promise<BatchResult> {
  const { rows } = await sql<{ last: string | null; scanned: string; outbox_ids: string[] | null }>`
    with batch as (
      select c.id, c.phone, c.operator_code, c.time_zone
      from campaign_clients c
      where c.owner_id = ${mailing.ownerId}
        and (${mailing.after}::uuid is null or c.id > ${mailing.after}::uuid)
        and (cardinality(${mailing.tags}::text[]) = 0 or c.tag = any(${mailing.tags}::text[]))
        and (cardinality(${mailing.operatorCodes}::text[]) = 0
             or c.operator_code = any(${mailing.operatorCodes}::text[]))
      order by c.id
      limit ${batchSize}
    ), inserted as (
      insert into campaign_messages (mailing_id, client_id, phone, operator_code, time_zone, created_at, updated_at)
      select ${mailing.id}::uuid, id, phone, operator_code, time_zone, ${now}::timestamptz, ${now}::timestamptz
      from batch
      on conflict (mailing_id, client_id) do nothing
      returning id
    ), queued as (
      insert into outbox (queue, body, correlation_id)
      select ${QUEUE}, json_build_object('messageId', id, 'mailingId', ${mailing.id}::uuid)::text,
        ${correlationId}
      from inserted
      returning id
    )
    select (select id::text from batch order by id desc limit 1) as last,
      (select count(*) from batch) as scanned,
      (select array_agg(id::text) from queued) as outbox_ids`.execute(trx);
  const row = rows[0]!;
  return { last: row.last, scanned: Number(row.scanned), outboxIds: row.outbox_ids ?? [] };
}

/** After a resume: one keyset batch of the mailing's pending messages back onto the queue (outbox). */
export async function requeueBatch(
  trx: Transaction<DB>,
  mailingId: string,
  after: string | null,
  batchSize: number,
  correlationId: string | null,
): Promise<BatchResult> {
  const { rows } = await sql<{ last: string | null; scanned: string; outbox_ids: string[] | null }>`
    with batch as (
      select id from campaign_messages
      where mailing_id = ${mailingId} and status = 'pending'
        and (${after}::uuid is null or id > ${after}::uuid)
      order by id
      limit ${batchSize}
    ), queued as (
      insert into outbox (queue, body, correlation_id)
      select ${QUEUE}, json_build_object('messageId', id, 'mailingId', ${mailingId}::uuid)::text,
        ${correlationId}
      from batch
      returning id
    )
    select (select id::text from batch order by id desc limit 1) as last,
      (select count(*) from batch) as scanned,
      (select array_agg(id::text) from queued) as outbox_ids`.execute(trx);
  const row = rows[0]!;
  return { last: row.last, scanned: Number(row.scanned), outboxIds: row.outbox_ids ?? [] };
}

/**
 * The safety net for lost queue messages (a DLQ'd message, an emulator restart): open messages of
 * running mailings that nobody has looked at for `staleMs` go back on the queue (outbox). Every live
 * queue message comes back at least every 15 minutes (SQS's longest delay) and touches its row (see
 * touchWaiting), so only lost ones are this old; a duplicate would be harmless anyway (the claim).
 */
export async function requeueStale(
  trx: Transaction<DB>,
  options: { now: Date; staleMs: number; leaseMs: number; limit: number; only?: string[] },
  correlationId: string | null,
): Promise<string[]> {
  const cutoff = new Date(options.now.getTime() - options.staleMs);
  const leaseCutoff = new Date(options.now.getTime() - options.leaseMs);
  const only = options.only ?? null;
  const { rows } = await sql<{ outbox_ids: string[] | null }>`
    with stale as (
      select m.id, m.mailing_id
      from campaign_mailings g
      join campaign_messages m on m.mailing_id = g.id and m.status in ('pending', 'sending')
      where g.status = 'running'
        and (${only}::uuid[] is null or g.id = any(${only}::uuid[]))
        and m.updated_at < ${cutoff}
        and (m.status = 'pending' or m.sending_at <= ${leaseCutoff})
      order by m.updated_at
      limit ${options.limit}
      for update of m skip locked
    ), touched as (
      update campaign_messages set updated_at = ${options.now}
      from stale where campaign_messages.id = stale.id
      returning stale.id, stale.mailing_id
    ), queued as (
      insert into outbox (queue, body, correlation_id)
      select ${QUEUE}, json_build_object('messageId', id, 'mailingId', mailing_id)::text, ${correlationId}
      from touched
      returning id
    )
    select (select array_agg(id::text) from queued) as outbox_ids`.execute(trx);
  return rows[0]?.outbox_ids ?? [];
}

/** A waiting message says it is alive (at most every 5 minutes), so requeueStale leaves it alone. */
export async function touchWaiting(db: Executor, messageId: string, now: Date) {
  await db
    .updateTable('campaign_messages')
    .set({ updated_at: now })
    .where('id', '=', messageId)
    .where('status', '=', 'pending')
    .where('updated_at', '<', new Date(now.getTime() - 5 * 60_000))
    .execute();
}

/** A message with what the sender needs of its mailing. */
export async function findJob(db: Executor, messageId: string) {
  return db
    .selectFrom('campaign_messages as m')
    .innerJoin('campaign_mailings as g', 'g.id', 'm.mailing_id')
    .select([
      'm.id',
      'm.status',
      'm.sending_at',
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
    ])
    .where('m.id', '=', messageId)
    .executeTakeFirst();
}

const takeable = (now: Date, leaseMs: number) =>
  sql<boolean>`(status = 'pending' or (status = 'sending' and sending_at <= ${new Date(now.getTime() - leaseMs)}))`;

/** pending (or a stale claim) → sending, counting the attempt. undefined: someone else has it, or it is final. */
export async function claim(db: Executor, messageId: string, now: Date, leaseMs: number) {
  return db
    .updateTable('campaign_messages')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), sending_at: now, updated_at: now }))
    .where('id', '=', messageId)
    .where(takeable(now, leaseMs))
    .returning(['attempts'])
    .executeTakeFirst();
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

/** sending → sent | failed | pending (a retry), only from this attempt's claim. */
export async function settle(
  db: Executor,
  messageId: string,
  to: 'sent' | 'failed' | 'pending',
  now: Date,
  error: string | null,
): Promise<boolean> {
  const result = await db
    .updateTable('campaign_messages')
    .set({
      status: to,
      updated_at: now,
      last_error: error?.slice(0, 500) ?? null,
      ...(to === 'sent' ? { sent_at: now } : {}),
    })
    .where('id', '=', messageId)
    .where('status', '=', 'sending')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** pending (or a stale claim) → expired | cancelled, for one message. */
export async function close(
  db: Executor,
  messageId: string,
  to: 'expired' | 'cancelled',
  now: Date,
  leaseMs: number,
  reason: string,
): Promise<boolean> {
  const result = await db
    .updateTable('campaign_messages')
    .set({ status: to, updated_at: now, last_error: reason })
    .where('id', '=', messageId)
    .where(takeable(now, leaseMs))
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** Every open message of a mailing → expired | cancelled (a fresh claim finishes its call first). */
export async function closeAll(
  db: Executor,
  mailingId: string,
  to: 'expired' | 'cancelled',
  now: Date,
  leaseMs: number,
  reason: string,
): Promise<number> {
  const result = await db
    .updateTable('campaign_messages')
    .set({ status: to, updated_at: now, last_error: reason })
    .where('mailing_id', '=', mailingId)
    .where('status', 'in', ['pending', 'sending'])
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
