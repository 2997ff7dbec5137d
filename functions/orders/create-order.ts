import { type Kysely, sql } from 'kysely';
import type { DB } from '#platform/db/schema';
import { relayQuietly } from '#platform/messaging/outbox';
import { findOrderByIdempotencyKey, insertOrder } from './adapters/orders.repository.js';
import { firstUnknownSku, reserve } from './adapters/stocks.repository.js';
import { SkuNotFoundError } from './domain/errors.js';
import { normaliseLines, type OrderLine, type OrderView, toOrderView } from './domain/order.js';
import { announceNewOrder, changeStatus } from './status-change.js';

export interface CreateOrderDeps {
  db: Kysely<DB>;
  now: () => Date;
}

/**
 * Creates an order and reserves all its items in one transaction: `awaiting_payment` when every SKU had
 * enough available, else `failed` with nothing reserved (the reservations made so far are rolled back
 * to a savepoint). An SKU without any stock row is a 404 and creates nothing. With an idempotency key
 * the user already used, returns that order instead of creating another.
 */
export async function createOrder(
  { db, now }: CreateOrderDeps,
  user: { id: string },
  input: { items: OrderLine[]; idempotencyKey?: string },
): Promise<OrderView> {
  const items = normaliseLines(input.items);
  const { order, outboxIds } = await db.transaction().execute(async (trx) => {
    const at = now();
    const inserted = await insertOrder(trx, {
      userId: user.id,
      items,
      idempotencyKey: input.idempotencyKey,
      now: at,
    });
    if (!inserted) {
      const existing = await findOrderByIdempotencyKey(trx, user.id, input.idempotencyKey!);
      return { order: existing!, outboxIds: [] };
    }
    const created = await announceNewOrder(trx, inserted, at);
    await sql`savepoint reserve_stock`.execute(trx);
    let short = false;
    // One conditional update per SKU, in SKU order (the same lock order in every transaction).
    for (const [index, item] of items.entries()) {
      if (await reserve(trx, item.sku, item.count)) continue;
      // Short or unknown: an unknown SKU anywhere in the order is a 404 (nothing created), so the
      // SKUs not reached yet are looked up too before the order is called short.
      const unknown = await firstUnknownSku(
        trx,
        items.slice(index).map((line) => line.sku),
      );
      if (unknown !== undefined) throw new SkuNotFoundError(unknown);
      short = true;
      break;
    }
    if (short) await sql`rollback to savepoint reserve_stock`.execute(trx);
    const changed = await changeStatus(trx, inserted, short ? 'failed' : 'awaiting_payment', at);
    return { order: changed.order, outboxIds: [...created, ...changed.outboxIds] };
  });
  await relayQuietly(db, outboxIds);
  return toOrderView(order);
}
