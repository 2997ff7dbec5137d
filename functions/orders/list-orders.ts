import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { UnknownCursorError } from '#platform/errors';
import { listUserOrders } from './adapters/orders.repository.js';
import { type OrderStatus, type OrderView, toOrderView } from './domain/order.js';

const encodeCursor = (order: OrderView) =>
  Buffer.from(JSON.stringify([order.createdAt, order.id])).toString('base64url');

/** The position after the previous page; a cursor this API did not hand out is a 400, never page one. */
function decodeCursor(cursor: string | undefined): { createdAt: Date; id: string } | undefined {
  if (cursor === undefined) return undefined;
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new UnknownCursorError();
  }
  const [createdAt, id] = Array.isArray(decoded) ? decoded : [];
  const at = typeof createdAt === 'string' ? new Date(createdAt) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime()) || typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id))
    throw new UnknownCursorError();
  return { createdAt: at, id };
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
