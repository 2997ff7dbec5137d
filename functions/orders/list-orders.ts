import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { listUserOrders } from './adapters/orders.repository.js';
import { type OrderStatus, type OrderView, toOrderView } from './domain/order.js';

const encodeCursor = (order: OrderView) =>
  Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');

function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (!cursor) return undefined;
  try {
    const [createdAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    const at = new Date(createdAt);
    if (Number.isNaN(at.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
      return undefined;
    return { createdAt: at, id };
  } catch {
    return undefined;
  }
}

/** The caller's orders, newest first, a page at a time. */
export async function listOrders(
  { db }: { db: Kysely<DB> },
  user: { id: string },
  query: { limit: number; cursor?: string; status?: OrderStatus },
) {
  const orders = (
    await listUserOrders(db, user.id, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
      status: query.status,
    })
  ).map(toOrderView);
  const last = orders.at(-1);
  return { items: orders, nextCursor: orders.length === query.limit && last ? encodeCursor(last) : null };
}
