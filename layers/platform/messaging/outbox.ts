import { type Kysely, sql, type Transaction } from 'kysely';
import type { z } from 'zod';
import type { DB } from '../db/schema.js';
import { currentCorrelationId, log, runInInvocation, sanitizeCorrelationId } from '../observability.js';
import { publish, type QueueContract } from './queues.js';

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
  if (messages.length === 0) return [];
  const rows = await trx
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        queue: queue.name,
        body: JSON.stringify(queue.schema.parse(message)),
        correlation_id: currentCorrelationId() ?? null,
      })),
    )
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

const passthrough = { parse: (value: unknown) => value } as unknown as z.ZodType;

/**
 * Sends pending outbox rows (all, or just `ids`) and deletes them once SQS accepted them. Rows are
 * claimed with SKIP LOCKED so concurrent relays never send the same row twice at the same time; a crash
 * after sending but before deleting sends it again later (consumers are idempotent).
 */
export async function relay(
  db: Kysely<DB>,
  options: { ids?: string[]; limit?: number } = {},
): Promise<number> {
  if (options.ids?.length === 0) return 0;
  return db.transaction().execute(async (trx) => {
    let query = trx
      .selectFrom('outbox')
      .select(['id', 'queue', 'body', 'correlation_id'])
      .orderBy('id')
      .limit(options.limit ?? 500)
      .forUpdate()
      .skipLocked();
    if (options.ids) query = query.where('id', 'in', options.ids);
    const rows = await query.execute();
    const byQueueAndCorrelation = new Map<string, typeof rows>();
    for (const row of rows) {
      const key = `${row.queue}\u0000${row.correlation_id ?? ''}`;
      byQueueAndCorrelation.set(key, [...(byQueueAndCorrelation.get(key) ?? []), row]);
    }
    for (const group of byQueueAndCorrelation.values()) {
      const first = group[0]!;
      await runInInvocation(sanitizeCorrelationId(first.correlation_id), () =>
        publish(
          { name: first.queue, schema: passthrough },
          group.map((row) => ({ message: JSON.parse(row.body) })),
        ),
      );
    }
    if (rows.length > 0) {
      await trx
        .deleteFrom('outbox')
        .where(
          'id',
          'in',
          rows.map((row) => row.id),
        )
        .execute();
    }
    return rows.length;
  });
}

/** Relays right after a commit without failing the request: the cron retries what could not be sent. */
export async function relayQuietly(db: Kysely<DB>, ids: string[]): Promise<void> {
  try {
    await relay(db, { ids });
  } catch (error) {
    log().warn('outbox relay deferred to the cron', { error: error as Error, count: ids.length });
  }
}

export const outboxBacklog = async (db: Kysely<DB>) =>
  Number((await sql<{ n: string }>`select count(*) as n from outbox`.execute(db)).rows[0]?.n ?? 0);
