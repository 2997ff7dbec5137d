import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import { platformConfig } from '../config.js';
import type { DB } from '../db/schema.js';
import { currentCorrelationId, log, MetricUnit, metrics, sanitizeCorrelationId } from '../observability.js';
import { currentTraceparent, endSpan, formatTraceparent, SpanKind, startSpan } from '../telemetry/trace.js';
import { classifyEntry, classifyError, sqsBackoff } from './delivery.js';
import { type FifoRow, sendableInOrder, sendFifoRows } from './fifo-relay.js';
import { type QueueContract, sendEntryBatch } from './queues.js';

/**
 * Transactional outbox: a message is written in the same transaction as the state change it
 * announces, so a crash can never leave one without the other. `relay` sends pending rows right after
 * the commit; the relayOutbox cron picks up whatever a crash or an SQS outage left behind.
 */
export async function enqueue<S extends z.ZodType>(
  trx: Transaction<DB> | Kysely<DB>,
  queue: QueueContract<S>,
  messages: z.input<S>[],
): Promise<string[]> {
  const correlationId = currentCorrelationId();
  const traceparent = currentTraceparent();
  return enqueueEach(
    trx,
    queue,
    messages.map((message) => ({ message, correlationId, traceparent })),
  );
}

/**
 * `enqueue` for a writer that acts for several requests in one transaction (a consumer storing a whole
 * SQS batch at once): each message carries the correlation id and traceparent of the request it belongs
 * to, instead of the current one, so its trace and logs stay its own. One multi-row INSERT.
 */
export async function enqueueEach<S extends z.ZodType>(
  trx: Transaction<DB> | Kysely<DB>,
  queue: QueueContract<S>,
  entries: { message: z.input<S>; correlationId?: string; traceparent?: string }[],
): Promise<string[]> {
  if (entries.length === 0) return [];
  const rows = await trx
    .insertInto('outbox')
    .values(
      entries.map(({ message, correlationId, traceparent }) => {
        const parsed = queue.schema.parse(message);
        return {
          queue: queue.name,
          body: JSON.stringify(parsed),
          correlation_id: correlationId ?? null,
          traceparent: traceparent ?? null,
          // FIFO queues: the group and deduplication id travel with the row (see fifo-relay.ts).
          ...(queue.fifo && {
            message_group_id: queue.fifo.groupId(parsed),
            message_deduplication_id: queue.fifo.deduplicationId(parsed),
          }),
        };
      }),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** After this many permanent refusals (see delivery.ts) a row is set aside and an error is logged. */
export const MAX_ATTEMPTS = 10;

/** How long a claimed row stays reserved for the relay that claimed it; after that another may take it. */
const LEASE_SECONDS = 120;

/** An outbox row as the relay claims it (FIFO rows carry their group and deduplication id). */
type Claimed = FifoRow;
type Failure = { row: Claimed; reason: string };

interface Outcome {
  sent: string[];
  refused: Failure[];
  deferred: Failure[];
  untried: Claimed[];
  outage?: string;
}

/**
 * Sends pending outbox rows (all, or just `ids`) and deletes each row SQS accepted. No transaction is
 * held open while SQS is called: rows are claimed with a lease (one short UPDATE … SKIP LOCKED, so
 * concurrent relays never take the same row), sent, then deleted or recorded in a second short
 * transaction. A crash in between sends a row again after the lease (consumers are idempotent).
 *
 * A permanent refusal (missing queue, invalid body) costs the row an attempt; after MAX_ATTEMPTS it is set
 * aside, so it neither retries forever nor holds back the rows behind it. A transport failure (SQS
 * unreachable, timeout, throttling) costs nothing: the run stops sending, logs and counts it, and the rows
 * wait for the next run, however long the outage lasts. `signal` bounds the time spent talking to SQS.
 */
export async function relay(
  db: Kysely<DB>,
  options: { ids?: string[]; limit?: number; signal?: AbortSignal } = {},
): Promise<{ sent: number; failed: number }> {
  if (options.ids?.length === 0) return { sent: 0, failed: 0 };
  const rows = await claim(db, options);
  if (rows.length === 0) return { sent: 0, failed: 0 };
  const outcome: Outcome = { sent: [], refused: [], deferred: [], untried: [] };
  const standard = rows.filter((row) => row.message_group_id === null);
  const chunks = chunksByQueue(standard);
  // A few SendMessageBatch calls in flight at a time; after an outage the rest is not even tried.
  for (let wave = 0; wave < chunks.length; wave += CHUNKS_IN_FLIGHT) {
    const sending = chunks.slice(wave, wave + CHUNKS_IN_FLIGHT);
    if (outcome.outage !== undefined || options.signal?.aborted) outcome.untried.push(...sending.flat());
    else await Promise.all(sending.map((chunk) => sendChunk(chunk, outcome, options.signal)));
  }
  await sendFifo(db, rows, outcome, options.signal);
  await record(db, outcome);
  reportOutage(outcome);
  return { sent: outcome.sent.length, failed: rows.length - outcome.sent.length };
}

async function claim(db: Kysely<DB>, options: { ids?: string[]; limit?: number }): Promise<Claimed[]> {
  let pending = db
    .selectFrom('outbox')
    .select('id')
    .where('set_aside_at', 'is', null)
    .where((eb) => eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]))
    .orderBy('id')
    .limit(options.limit ?? 500)
    .forUpdate()
    .skipLocked();
  if (options.ids) pending = pending.where('id', 'in', options.ids);
  const rows = await db
    .updateTable('outbox')
    .set({ claimed_until: sql<Date>`now() + make_interval(secs => ${LEASE_SECONDS})` })
    .where('id', 'in', pending)
    .returning([
      'id',
      'queue',
      'body',
      'correlation_id',
      'traceparent',
      'attempts',
      'message_group_id',
      'message_deduplication_id',
    ])
    .execute();
  return rows.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
}

/** SendMessageBatch calls a relay run keeps in flight at once. */
const CHUNKS_IN_FLIGHT = 4;

async function sendChunk(chunk: Claimed[], outcome: Outcome, signal: AbortSignal | undefined) {
  const queue = chunk[0]!.queue;
  // Each row is sent in the trace of the request that wrote it (a producer span per row) and with its
  // correlation id, whoever relays it: rows of many requests share one SendMessageBatch.
  const spans = chunk.map((row) =>
    startSpan(`outbox send ${queue}`, {
      kind: SpanKind.producer,
      parent: row.traceparent ?? undefined,
      attributes: { 'messaging.batch.message_count': chunk.length },
    }),
  );
  try {
    const result = await sendEntryBatch(
      queue,
      chunk.map((row, index) => {
        const span = spans[index];
        return {
          body: row.body,
          correlationId: sanitizeCorrelationId(row.correlation_id),
          traceparent: span ? formatTraceparent(span) : undefined,
        };
      }),
      signal,
    );
    for (const span of spans) endSpan(span);
    outcome.sent.push(...result.accepted.map((index) => chunk[index]!.id));
    for (const entry of result.rejected) {
      const failure = { row: chunk[entry.index]!, reason: entry.reason };
      (classifyEntry(entry) === 'permanent' ? outcome.refused : outcome.deferred).push(failure);
    }
  } catch (error) {
    for (const span of spans) endSpan(span, error);
    const reason = String((error as Error)?.message ?? error);
    const failures = chunk.map((row) => ({ row, reason }));
    if (classifyError(error) === 'permanent') outcome.refused.push(...failures);
    else {
      outcome.deferred.push(...failures);
      outcome.outage = `${(error as Error)?.name ?? 'Error'}: ${reason}`;
    }
  }
}

/** FIFO rows: in order per group, never ahead of an earlier row of the group (see fifo-relay.ts). */
async function sendFifo(db: Kysely<DB>, rows: Claimed[], outcome: Outcome, signal: AbortSignal | undefined) {
  const fifo = rows.filter((row) => row.message_group_id !== null);
  if (fifo.length === 0) return;
  const sendable = await sendableInOrder(db, fifo);
  const held = new Set(sendable.map((row) => row.id));
  outcome.untried.push(...fifo.filter((row) => !held.has(row.id)));
  if (outcome.outage !== undefined || signal?.aborted) {
    outcome.untried.push(...sendable);
    return;
  }
  const result = await sendFifoRows(sendable, signal);
  outcome.sent.push(...result.sent);
  outcome.refused.push(...result.refused);
  outcome.deferred.push(...result.deferred);
  outcome.untried.push(...result.untried);
  outcome.outage ??= result.outage;
}

/**
 * The second short transaction: delete what was sent, count refusals, release everything else. When
 * everything was sent (the usual case) that is one delete, run without a transaction around it.
 */
async function record(db: Kysely<DB>, outcome: Outcome): Promise<void> {
  if (outcome.refused.length === 0 && outcome.deferred.length === 0 && outcome.untried.length === 0) {
    if (outcome.sent.length > 0) await db.deleteFrom('outbox').where('id', 'in', outcome.sent).execute();
    return;
  }
  await db.transaction().execute(async (trx) => {
    if (outcome.sent.length > 0) await trx.deleteFrom('outbox').where('id', 'in', outcome.sent).execute();
    await recordRefusals(trx, outcome.refused);
    for (const { row, reason } of outcome.deferred) {
      await trx
        .updateTable('outbox')
        .set({ last_error: `not sent (will retry): ${reason}`.slice(0, 500), claimed_until: null })
        .where('id', '=', row.id)
        .execute();
    }
    const untried = outcome.untried.map((row) => row.id);
    if (untried.length > 0) {
      await trx.updateTable('outbox').set({ claimed_until: null }).where('id', 'in', untried).execute();
    }
  });
}

function reportOutage(outcome: Outcome): void {
  const waiting = outcome.deferred.length + outcome.untried.length;
  if (outcome.outage === undefined) {
    if (outcome.sent.length > 0) sqsBackoff.recordSuccess();
    if (waiting > 0) log().warn('outbox messages deferred to the next run', { count: waiting });
    return;
  }
  const consecutiveFailures = sqsBackoff.recordFailure();
  metrics.addMetric('OutboxTransportErrors', MetricUnit.Count, 1);
  log().warn('SQS unreachable: outbox messages wait for the next run', {
    degraded: 'sqs',
    reason: outcome.outage,
    waiting,
    consecutiveFailures,
  });
}

/** Groups rows by queue (one SendMessageBatch each), at most ten per batch. */
function chunksByQueue(rows: Claimed[]): Claimed[][] {
  const groups = new Map<string, Claimed[]>();
  for (const row of rows) {
    const group = groups.get(row.queue);
    if (group) group.push(row);
    else groups.set(row.queue, [row]);
  }
  return [...groups.values()].flatMap((group) =>
    Array.from({ length: Math.ceil(group.length / 10) }, (_, index) =>
      group.slice(index * 10, index * 10 + 10),
    ),
  );
}

async function recordRefusals(trx: Transaction<DB>, refused: Failure[]): Promise<void> {
  for (const { row, reason } of refused) {
    const attempts = row.attempts + 1;
    const setAside = attempts >= MAX_ATTEMPTS;
    await trx
      .updateTable('outbox')
      .set({
        attempts,
        last_error: reason.slice(0, 500),
        set_aside_at: setAside ? new Date() : null,
        claimed_until: null,
      })
      .where('id', '=', row.id)
      .execute();
    if (setAside) {
      metrics.addMetric('OutboxMessagesSetAside', MetricUnit.Count, 1);
      log().error('outbox message set aside after repeated refusals', {
        outboxId: row.id,
        queue: row.queue,
        reason,
      });
    } else {
      log().warn('outbox message refused; it stays for the next run', {
        outboxId: row.id,
        queue: row.queue,
        attempts,
        reason,
      });
    }
  }
}

/**
 * Relays right after a commit without failing the request, within a small time budget
 * (OUTBOX_RELAY_BUDGET_MS, or `budgetMs`): what is not sent by then, the cron sends. While SQS is known
 * to be unreachable (a recent transport failure, see delivery.ts) it does not even try.
 */
export async function relayQuietly(
  db: Kysely<DB>,
  ids: string[],
  options: { budgetMs?: number } = {},
): Promise<void> {
  if (ids.length === 0) return;
  if (sqsBackoff.isBlocked()) {
    log().info('outbox relay deferred to the cron: SQS was unreachable moments ago', { count: ids.length });
    return;
  }
  const signal = AbortSignal.timeout(options.budgetMs ?? platformConfig().OUTBOX_RELAY_BUDGET_MS);
  try {
    const { failed } = await relay(db, { ids, signal });
    if (failed > 0) log().warn('outbox relay deferred to the cron', { failed });
  } catch (error) {
    log().warn('outbox relay deferred to the cron', { error: error as Error, count: ids.length });
  }
}

/**
 * Puts set-aside rows back in line with a fresh attempt count (all of them, or those of `queue` or
 * `ids`); the next relay sends them. Returns the ids put back. Their last error stays for the record.
 */
export async function redrive(
  db: Kysely<DB>,
  options: { ids?: string[]; queue?: string } = {},
): Promise<string[]> {
  if (options.ids?.length === 0) return [];
  let query = db
    .updateTable('outbox')
    .set({ set_aside_at: null, attempts: 0, claimed_until: null })
    .where('set_aside_at', 'is not', null);
  if (options.ids) query = query.where('id', 'in', options.ids);
  if (options.queue) query = query.where('queue', '=', options.queue);
  const rows = await query.returning('id').execute();
  return rows.map((row) => row.id);
}
