import { sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

// The dispatcher's batch statements over a mailing's audience and messages: each touches at most one
// batch of rows, in the caller's transaction, and returns only ids and counts (never the rows).

const QUEUE = 'campaign-messages';

export interface BatchResult {
  /** The last client (materialise) or message (requeue) id of the batch; null when nothing was left. */
  last: string | null;
  scanned: number;
  outboxIds: string[];
}

/** What a mailing's audience is, for the keyset scan of its clients. */
export interface AudienceScan {
  id: string;
  ownerId: string;
  tags: string[];
  operatorCodes: string[];
  /** Keyset position: the last client id already done. */
  after: string | null;
}

/** The next keyset batch of the audience: the clients matching the filter now, in id order. */
const clientBatch = (mailing: AudienceScan, batchSize: number) => sql`
  select c.id, c.phone, c.operator_code, c.time_zone
  from campaign_clients c
  where c.owner_id = ${mailing.ownerId}
    and (${mailing.after}::uuid is null or c.id > ${mailing.after}::uuid)
    -- Clients created after the mailing's start (or its creation, if created already started) are not in
    -- its audience (docs/campaigns.md, Audience). Compared in SQL at full precision: a JS Date would cut
    -- the mailing's microseconds and drop a client created in the same millisecond before it.
    and c.created_at <= (select greatest(m.starts_at, m.created_at) from campaign_mailings m where m.id = ${mailing.id}::uuid)
    and (cardinality(${mailing.tags}::text[]) = 0 or c.tag = any(${mailing.tags}::text[]))
    and (cardinality(${mailing.operatorCodes}::text[]) = 0
         or c.operator_code = any(${mailing.operatorCodes}::text[]))
  order by c.id
  limit ${batchSize}`;

/** Where a batch's jobs go: the mailing, and its resume count (CampaignMessageJob.resumeCount). */
export interface QueueTarget {
  mailingId: string;
  resumeCount: number;
}

/**
 * The end of every batch statement here: one outbox row per message id of the CTE `from` (a
 * `campaign-messages` job), then the batch's last id, its size and the outbox ids (read by batchResult).
 */
const queueAndReport = (from: 'inserted' | 'batch', target: QueueTarget, correlationId: string | null) => sql`
    queued as (
      insert into outbox (queue, body, correlation_id)
      select ${QUEUE}, json_build_object('messageId', id, 'mailingId', ${target.mailingId}::uuid,
          'resumeCount', ${target.resumeCount}::integer)::text,
        ${correlationId}
      from ${sql.ref(from)}
      returning id
    )
    select (select id::text from batch order by id desc limit 1) as last,
      (select count(*) from batch) as scanned,
      (select array_agg(id::text) from queued) as outbox_ids`;

type BatchRow = { last: string | null; scanned: string; outbox_ids: string[] | null };
const batchResult = (rows: BatchRow[]): BatchResult => {
  const row = rows[0]!;
  return { last: row.last, scanned: Number(row.scanned), outboxIds: row.outbox_ids ?? [] };
};

/**
 * One keyset batch of the mailing's audience → one message per client (never two: the unique
 * (mailing_id, client_id) turns a repeat into nothing) → one outbox row per new message, all in the
 * caller's transaction. Nothing but ids comes back to the process, whatever the audience size.
 */
export async function materialiseBatch(
  trx: Transaction<DB>,
  mailing: AudienceScan & { resumeCount: number },
  batchSize: number,
  correlationId: string | null,
  now: Date,
): Promise<BatchResult> {
  const target = { mailingId: mailing.id, resumeCount: mailing.resumeCount };
  const { rows } = await sql<BatchRow>`
    with batch as (${clientBatch(mailing, batchSize)}), inserted as (
      insert into campaign_messages (mailing_id, client_id, phone, operator_code, time_zone, created_at, updated_at)
      select ${mailing.id}::uuid, id, phone, operator_code, time_zone, ${now}::timestamptz, ${now}::timestamptz
      from batch
      on conflict (mailing_id, client_id) do nothing
      returning id
    ), ${queueAndReport('inserted', target, correlationId)}`.execute(trx);
  return batchResult(rows);
}

/**
 * After a mailing ended or was cancelled: the next keyset batch of the clients that never got a
 * message gets one, already final (`expired` or `cancelled`), so the statistics count the whole
 * audience. Nothing is enqueued; the unique (mailing_id, client_id) makes a repeat a no-op.
 */
export async function accountForBatch(
  trx: Transaction<DB>,
  mailing: AudienceScan,
  to: 'expired' | 'cancelled',
  reason: string,
  batchSize: number,
  now: Date,
): Promise<{ last: string | null; scanned: number; inserted: number }> {
  const { rows } = await sql<{ last: string | null; scanned: string; inserted: string }>`
    with batch as (${clientBatch(mailing, batchSize)}), inserted as (
      insert into campaign_messages
        (mailing_id, client_id, phone, operator_code, time_zone, status, last_error, created_at, updated_at)
      select ${mailing.id}::uuid, id, phone, operator_code, time_zone, ${to}, ${reason},
        ${now}::timestamptz, ${now}::timestamptz
      from batch
      on conflict (mailing_id, client_id) do nothing
      returning id
    )
    select (select id::text from batch order by id desc limit 1) as last,
      (select count(*) from batch) as scanned,
      (select count(*) from inserted) as inserted`.execute(trx);
  const row = rows[0]!;
  return { last: row.last, scanned: Number(row.scanned), inserted: Number(row.inserted) };
}

/**
 * Up to `limit` open messages of the mailing (pending, or a `sending` claim past its lease) →
 * `expired` | `cancelled`. A fresh claim is left to finish its call; rows a sender holds right now are
 * skipped (SKIP LOCKED) and picked up by the next batch or run.
 */
export async function closeOpenBatch(
  trx: Transaction<DB>,
  mailingId: string,
  to: 'expired' | 'cancelled',
  options: { now: Date; leaseMs: number; reason: string; limit: number },
): Promise<number> {
  const leaseCutoff = new Date(options.now.getTime() - options.leaseMs);
  const { rows } = await sql<{ closed: string }>`
    with batch as (
      select id from campaign_messages
      where mailing_id = ${mailingId} and status in ('pending', 'sending')
        and (status = 'pending' or sending_at <= ${leaseCutoff})
      order by id
      limit ${options.limit}
      for update skip locked
    ), closed as (
      update campaign_messages m
      set status = ${to}, updated_at = ${options.now}, last_error = ${options.reason}
      from batch where m.id = batch.id
      returning m.id
    )
    select count(*) as closed from closed`.execute(trx);
  return Number(rows[0]?.closed ?? 0);
}

/**
 * After a resume: one keyset batch of the mailing's open messages back onto the queue (outbox), under
 * its new resume count. `sending` ones too: if that call ends in a retry, the retry's job was queued
 * before the resume and is dropped, so this one carries the message on (it waits out the claim first).
 */
export async function requeueBatch(
  trx: Transaction<DB>,
  target: QueueTarget,
  after: string | null,
  batchSize: number,
  correlationId: string | null,
): Promise<BatchResult> {
  const { rows } = await sql<BatchRow>`
    with batch as (
      select id from campaign_messages
      where mailing_id = ${target.mailingId} and status in ('pending', 'sending')
        and (${after}::uuid is null or id > ${after}::uuid)
      order by id
      limit ${batchSize}
    ), ${queueAndReport('batch', target, correlationId)}`.execute(trx);
  return batchResult(rows);
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
      select m.id, m.mailing_id, g.resume_count
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
      returning stale.id, stale.mailing_id, stale.resume_count
    ), queued as (
      insert into outbox (queue, body, correlation_id)
      select ${QUEUE},
        json_build_object('messageId', id, 'mailingId', mailing_id, 'resumeCount', resume_count)::text,
        ${correlationId}
      from touched
      returning id
    )
    select (select array_agg(id::text) from queued) as outbox_ids`.execute(trx);
  return rows[0]?.outbox_ids ?? [];
}
