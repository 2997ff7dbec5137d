import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { availableStock } from './adapters/stocks.repository.js';

/** Available units (total − reserved) per SKU; an SKU without stock has 0. */
export async function getStocks({ db }: { db: Kysely<DB> }, skus: number[]) {
  return { stocks: await availableStock(db, skus) };
}
