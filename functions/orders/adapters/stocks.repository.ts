import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

type Executor = Kysely<DB> | Transaction<DB>;

/**
 * Reserves `count` of one SKU if that many are available, in a single conditional UPDATE: concurrent
 * reservations of the same SKU queue on its row lock and each re-checks the condition on the row the
 * previous one committed, so two buyers can never both take the last unit. Returns whether it reserved.
 */
export async function reserve(trx: Transaction<DB>, sku: number, count: number): Promise<boolean> {
  const result = await trx
    .updateTable('stocks')
    .set({ reserved: sql`reserved + ${count}`, updated_at: sql`now()` })
    .where('sku', '=', String(sku))
    .where(sql<boolean>`total - reserved >= ${count}`)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/** Gives reserved units back (cancel); the CHECK constraint refuses to go below zero. */
export async function release(trx: Transaction<DB>, sku: number, count: number): Promise<void> {
  await trx
    .updateTable('stocks')
    .set({ reserved: sql`reserved - ${count}`, updated_at: sql`now()` })
    .where('sku', '=', String(sku))
    .execute();
}

/** Paid: the reserved units leave the warehouse (total and reserved both go down). */
export async function writeOff(trx: Transaction<DB>, sku: number, count: number): Promise<void> {
  await trx
    .updateTable('stocks')
    .set({ reserved: sql`reserved - ${count}`, total: sql`total - ${count}`, updated_at: sql`now()` })
    .where('sku', '=', String(sku))
    .execute();
}

/** The first of `skus` (in their order) that has no stock row, if any: one statement. */
export async function firstUnknownSku(db: Executor, skus: number[]): Promise<number | undefined> {
  const known = await db.selectFrom('stocks').select('sku').where('sku', 'in', skus.map(String)).execute();
  const found = new Set(known.map((row) => Number(row.sku)));
  return skus.find((sku) => !found.has(sku));
}

/** Available (total − reserved) per requested SKU, in the requested order; unknown SKUs have 0. */
export async function availableStock(
  db: Executor,
  skus: number[],
): Promise<{ sku: number; available: number }[]> {
  const rows = await db
    .selectFrom('stocks')
    .select(['sku', sql<number>`total - reserved`.as('available')])
    .where(
      'sku',
      'in',
      skus.map((sku) => String(sku)),
    )
    .execute();
  const bySku = new Map(rows.map((row) => [Number(row.sku), Number(row.available)]));
  return skus.map((sku) => ({ sku, available: bySku.get(sku) ?? 0 }));
}

/** Sets the total of SKUs that have no stock row yet (seeds and tests); existing rows are left alone. */
export async function insertStock(db: Executor, stocks: { sku: number; total: number }[]): Promise<void> {
  if (stocks.length === 0) return;
  await db
    .insertInto('stocks')
    .values(stocks.map(({ sku, total }) => ({ sku: String(sku), total })))
    .onConflict((conflict) => conflict.column('sku').doNothing())
    .execute();
}
