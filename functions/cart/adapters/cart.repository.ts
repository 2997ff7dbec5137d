import { sql } from 'kysely';
import type { Database } from '#platform/db/client';

export interface CartLine {
  sku: number;
  count: number;
}

export interface StoredCart {
  version: number;
  lines: CartLine[];
}

/** Creates the cart row if needed and moves its version on: every change of the content does this. */
async function touchCart(db: Database, userId: string): Promise<number> {
  const row = await db
    .insertInto('carts')
    .values({ user_id: userId })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ version: sql`carts.version + 1`, updated_at: new Date() }),
    )
    .returning('version')
    .executeTakeFirstOrThrow();
  return Number(row.version);
}

/**
 * Creates the cart row if needed and locks it for this transaction without moving its version: a
 * change that turns out to be refused (over the limit, cart full) leaves the version as it was, so a
 * retried checkout of the unchanged cart keeps its idempotency key.
 */
async function lockCart(db: Database, userId: string): Promise<void> {
  await db
    .insertInto('carts')
    .values({ user_id: userId })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet({ updated_at: sql`carts.updated_at` }))
    .execute();
}

/** The user's cart, lines in the order they were first added. */
export async function readCart(db: Database, userId: string): Promise<StoredCart> {
  const [cart, lines] = await Promise.all([
    db.selectFrom('carts').select('version').where('user_id', '=', userId).executeTakeFirst(),
    db
      .selectFrom('cart_items')
      .select(['sku', 'count'])
      .where('user_id', '=', userId)
      .orderBy('added_at')
      .orderBy('sku')
      .execute(),
  ]);
  return {
    version: Number(cart?.version ?? 0),
    lines: lines.map((line) => ({ sku: Number(line.sku), count: line.count })),
  };
}

export type AddOutcome =
  | { added: true; count: number }
  | { added: false; reason: 'over-limit'; inCart: number }
  | { added: false; reason: 'cart-full' };

/**
 * Adds `count` to the SKU's line if the new total stays within `limit` (the available stock, at most
 * 10,000). One statement decides it (INSERT … ON CONFLICT DO UPDATE … WHERE) and, only when the line
 * changed, moves the cart's version on; inside a transaction that first locks the user's cart row, so
 * concurrent adds of one user are applied one after the other.
 */
export async function addToCart(
  db: Database,
  userId: string,
  line: CartLine & { limit: number; maxLines: number },
): Promise<AddOutcome> {
  return db.transaction().execute(async (trx) => {
    await lockCart(trx, userId);
    const existing = await trx
      .selectFrom('cart_items')
      .select('count')
      .where('user_id', '=', userId)
      .where('sku', '=', String(line.sku))
      .executeTakeFirst();
    if (!existing) {
      const lines = await trx
        .selectFrom('cart_items')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('user_id', '=', userId)
        .executeTakeFirstOrThrow();
      if (Number(lines.n) >= line.maxLines) return { added: false, reason: 'cart-full' } as const;
    }
    if ((existing?.count ?? 0) + line.count > line.limit) {
      return { added: false, reason: 'over-limit', inCart: existing?.count ?? 0 } as const;
    }
    const row = await trx
      .with('line', (q) =>
        q
          .insertInto('cart_items')
          .values({ user_id: userId, sku: String(line.sku), count: line.count })
          .onConflict((conflict) =>
            conflict
              .columns(['user_id', 'sku'])
              .doUpdateSet({ count: sql`cart_items.count + excluded.count` })
              .where(sql<boolean>`cart_items.count + excluded.count <= ${line.limit}`),
          )
          .returning('count'),
      )
      .with('moved', (q) =>
        q
          .updateTable('carts')
          .set({ version: sql`carts.version + 1`, updated_at: new Date() })
          .where('user_id', '=', userId)
          .where((eb) => eb.exists(eb.selectFrom('line').select('count'))),
      )
      .selectFrom('line')
      .select('count')
      .executeTakeFirst();
    if (!row) return { added: false, reason: 'over-limit', inCart: existing?.count ?? 0 } as const;
    return { added: true, count: row.count } as const;
  });
}

/** Removes one SKU; false if it was not in the cart. */
export async function removeFromCart(db: Database, userId: string, sku: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const deleted = await trx
      .deleteFrom('cart_items')
      .where('user_id', '=', userId)
      .where('sku', '=', String(sku))
      .executeTakeFirst();
    if (Number(deleted.numDeletedRows) === 0) return false;
    await touchCart(trx, userId);
    return true;
  });
}

export async function clearCart(db: Database, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await touchCart(trx, userId);
    await trx.deleteFrom('cart_items').where('user_id', '=', userId).execute();
  });
}

/**
 * After an order was created: takes exactly the ordered counts out of the cart (an item added while
 * the checkout was running stays), and moves the version on so the next checkout is a new order.
 */
export async function removeOrdered(db: Database, userId: string, ordered: CartLine[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await touchCart(trx, userId);
    for (const line of ordered) {
      const ofLine = { user: userId, sku: String(line.sku) };
      await trx
        .deleteFrom('cart_items')
        .where('user_id', '=', ofLine.user)
        .where('sku', '=', ofLine.sku)
        .where('count', '<=', line.count)
        .execute();
      await trx
        .updateTable('cart_items')
        .set({ count: sql`count - ${line.count}` })
        .where('user_id', '=', ofLine.user)
        .where('sku', '=', ofLine.sku)
        .execute();
    }
  });
}

/** Moves the version on without changing the content (a checkout whose order failed: retry = new order). */
export async function bumpCartVersion(db: Database, userId: string): Promise<void> {
  await touchCart(db, userId);
}
