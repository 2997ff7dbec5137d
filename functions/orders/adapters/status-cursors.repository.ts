import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { OrderStatusEvent } from '../events.js';

/**
 * The notifyOrderStatus consumer's cursor per order: the sequence number of the last event it applied.
 * Read with a row lock (created at 0 on first sight), so two deliveries of one order's events can only
 * be applied one after the other.
 */
export async function lockCursor(trx: Transaction<DB>, orderId: string): Promise<number> {
  await trx
    .insertInto('order_status_cursors')
    .values({ order_id: orderId, last_seq: 0, last_event_id: sql`gen_random_uuid()`, status: 'none' })
    .onConflict((conflict) => conflict.column('order_id').doNothing())
    .execute();
  const row = await trx
    .selectFrom('order_status_cursors')
    .select('last_seq')
    .where('order_id', '=', orderId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.last_seq;
}

export async function advanceCursor(trx: Transaction<DB>, event: OrderStatusEvent): Promise<void> {
  await trx
    .updateTable('order_status_cursors')
    .set({
      last_seq: event.seq,
      last_event_id: event.eventId,
      status: event.status,
      // When it was applied (not when the transaction began): the lag bench reads it.
      updated_at: sql`clock_timestamp()`,
    })
    .where('order_id', '=', event.orderId)
    .execute();
}

export async function readCursor(db: Kysely<DB>, orderId: string) {
  return db.selectFrom('order_status_cursors').selectAll().where('order_id', '=', orderId).executeTakeFirst();
}
