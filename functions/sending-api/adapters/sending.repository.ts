import { type Kysely, sql } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { SendMessageRequest } from '../contract.js';
import type { Faults } from '../schemas.js';

type Db = Kysely<DB>;

const NO_FAULTS: Faults = { errorRate: 0, latencyMs: 0, down: false, maxPerSecond: null };

export async function readFaults(db: Db): Promise<Faults> {
  const row = await db.selectFrom('sending_api_faults').selectAll().where('id', '=', 1).executeTakeFirst();
  if (!row) return NO_FAULTS;
  return {
    errorRate: row.error_rate,
    latencyMs: row.latency_ms,
    down: row.down,
    maxPerSecond: row.max_per_second,
  };
}

export async function writeFaults(db: Db, faults: Faults): Promise<void> {
  const values = {
    error_rate: faults.errorRate,
    latency_ms: faults.latencyMs,
    down: faults.down,
    max_per_second: faults.maxPerSecond,
    updated_at: new Date(),
  };
  await db
    .insertInto('sending_api_faults')
    .values({ id: 1, ...values })
    .onConflict((conflict) => conflict.column('id').doUpdateSet(values))
    .execute();
}

/** Counts one request in the current second's window (shared by every instance); returns the count. */
export async function countRequestThisSecond(db: Db, now: Date): Promise<number> {
  const second = Math.floor(now.getTime() / 1000);
  const row = await db
    .insertInto('sending_api_rate_windows')
    .values({ second, count: 1 })
    .onConflict((conflict) =>
      conflict
        .column('second')
        .doUpdateSet((eb) => ({ count: eb('sending_api_rate_windows.count', '+', 1) })),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  if (row.count === 1) {
    await db
      .deleteFrom('sending_api_rate_windows')
      .where('second', '<', String(second - 60))
      .execute();
  }
  return row.count;
}

/**
 * Accepts a message once per id, atomically: the primary key decides. A repeat only counts a request;
 * `duplicate` says whether the id was already there (xmax is non-zero for a row updated on conflict).
 */
export async function acceptOnce(db: Db, message: SendMessageRequest, now: Date) {
  return db
    .insertInto('sending_api_messages')
    .values({
      message_id: message.id,
      phone: message.phone,
      text: message.text,
      accepted_at: now,
      last_request_at: now,
    })
    .onConflict((conflict) =>
      conflict.column('message_id').doUpdateSet((eb) => ({
        requests: eb('sending_api_messages.requests', '+', 1),
        last_request_at: now,
      })),
    )
    .returning(['phone', 'text', sql<boolean>`xmax <> 0`.as('duplicate')])
    .executeTakeFirstOrThrow();
}

export async function findDelivery(db: Db, messageId: string) {
  return db
    .selectFrom('sending_api_messages')
    .selectAll()
    .where('message_id', '=', messageId)
    .executeTakeFirst();
}

export async function deliveryStats(db: Db) {
  const row = await db
    .selectFrom('sending_api_messages')
    .select((eb) => [
      eb.fn.countAll<string>().as('accepted'),
      eb.fn.coalesce(eb.fn.sum<string>('requests'), sql<string>`0`).as('requests'),
      eb.fn.coalesce(eb.fn.max<number>('deliveries'), sql<number>`0`).as('max_deliveries'),
    ])
    .executeTakeFirstOrThrow();
  return {
    accepted: Number(row.accepted),
    requests: Number(row.requests),
    maxDeliveriesPerId: Number(row.max_deliveries),
  };
}
