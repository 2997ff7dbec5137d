import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Order, OrderLine, OrderStatus } from '../domain/order.js';

type Executor = Kysely<DB> | Transaction<DB>;

type OrderRow = {
  id: string;
  user_id: string;
  status: string;
  status_seq: number;
  created_at: Date | string;
  updated_at: Date | string;
};

const toOrder = (row: OrderRow, items: OrderLine[]): Order => ({
  id: row.id,
  userId: row.user_id,
  status: row.status as OrderStatus,
  statusSeq: row.status_seq,
  items,
  createdAt: new Date(row.created_at),
  updatedAt: new Date(row.updated_at),
});

async function itemsOf(db: Executor, orderIds: string[]): Promise<Map<string, OrderLine[]>> {
  const byOrder = new Map<string, OrderLine[]>(orderIds.map((id) => [id, []]));
  if (orderIds.length === 0) return byOrder;
  const rows = await db
    .selectFrom('order_items')
    .select(['order_id', 'sku', 'count'])
    .where('order_id', 'in', orderIds)
    .orderBy('sku')
    .execute();
  for (const row of rows) byOrder.get(row.order_id)?.push({ sku: Number(row.sku), count: row.count });
  return byOrder;
}

/**
 * Inserts a `new` order with its lines. With an idempotency key already used by this user, inserts
 * nothing and returns undefined (a concurrent twin waits on the unique index until the first commits).
 */
export async function insertOrder(
  trx: Transaction<DB>,
  order: { userId: string; items: OrderLine[]; idempotencyKey?: string; now: Date },
): Promise<Order | undefined> {
  const row = await trx
    .insertInto('orders')
    .values({
      user_id: order.userId,
      status: 'new',
      status_seq: 1,
      idempotency_key: order.idempotencyKey ?? null,
      created_at: order.now,
      updated_at: order.now,
    })
    .onConflict((conflict) =>
      conflict.columns(['user_id', 'idempotency_key']).where('idempotency_key', 'is not', null).doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
  if (!row) return undefined;
  await trx
    .insertInto('order_items')
    .values(order.items.map((item) => ({ order_id: row.id, sku: String(item.sku), count: item.count })))
    .execute();
  return toOrder(row, order.items);
}

export async function findOrderByIdempotencyKey(
  db: Executor,
  userId: string,
  idempotencyKey: string,
): Promise<Order | undefined> {
  const row = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', idempotencyKey)
    .executeTakeFirst();
  return row && toOrder(row, (await itemsOf(db, [row.id])).get(row.id) ?? []);
}

/** The user's own order (someone else's is not found); `forUpdate` locks it for a status change. */
export async function findUserOrder(
  db: Executor,
  userId: string,
  orderId: string,
  options: { forUpdate?: boolean } = {},
): Promise<Order | undefined> {
  let query = db.selectFrom('orders').selectAll().where('id', '=', orderId).where('user_id', '=', userId);
  if (options.forUpdate) query = query.forUpdate();
  const row = await query.executeTakeFirst();
  return row && toOrder(row, (await itemsOf(db, [row.id])).get(row.id) ?? []);
}

/** The user's orders, newest first, after the (createdAt, id) cursor of the previous page. */
export async function listUserOrders(
  db: Executor,
  userId: string,
  page: { limit: number; after?: { createdAt: Date; id: string }; status?: OrderStatus },
): Promise<Order[]> {
  let query = db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit);
  if (page.status) query = query.where('status', '=', page.status);
  if (page.after) {
    const { createdAt, id } = page.after;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}, ${id}::uuid)`);
  }
  const rows = await query.execute();
  const items = await itemsOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toOrder(row, items.get(row.id) ?? []));
}

/** Moves the order on to its next status and sequence number, if it is still where the caller read it. */
export async function updateOrderStatus(
  trx: Transaction<DB>,
  order: Pick<Order, 'id' | 'status' | 'statusSeq'>,
  status: OrderStatus,
  now: Date,
): Promise<boolean> {
  const result = await trx
    .updateTable('orders')
    .set({ status, status_seq: order.statusSeq + 1, updated_at: now })
    .where('id', '=', order.id)
    .where('status', '=', order.status)
    .where('status_seq', '=', order.statusSeq)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Locks up to `limit` orders awaiting payment since before `cutoff`, skipping rows another transaction
 * holds (a concurrent pay or cancel, another cron run): each is then decided by exactly one of them.
 */
export async function claimUnpaidOrders(trx: Transaction<DB>, cutoff: Date, limit: number): Promise<Order[]> {
  const rows = await trx
    .selectFrom('orders')
    .selectAll()
    .where('status', '=', 'awaiting_payment')
    .where('updated_at', '<=', cutoff)
    .orderBy('updated_at')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  const items = await itemsOf(
    trx,
    rows.map((row) => row.id),
  );
  return rows.map((row) => toOrder(row, items.get(row.id) ?? []));
}
