import { randomInt } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { insertStock } from '../../functions/orders/adapters/stocks.repository.js';

/** Fresh SKUs with the given totals, far from the demo catalogue's range: each test owns its stock. */
export async function stockedSkus(...totals: number[]): Promise<number[]> {
  const skus = totals.map(() => randomInt(2_000_000_000, 4_000_000_000));
  await insertStock(
    await getDb(),
    skus.map((sku, index) => ({ sku, total: totals[index]! })),
  );
  return skus;
}

export async function stockRow(sku: number) {
  const row = await (await getDb())
    .selectFrom('stocks')
    .select(['total', 'reserved'])
    .where('sku', '=', String(sku))
    .executeTakeFirstOrThrow();
  return { total: row.total, reserved: row.reserved, available: row.total - row.reserved };
}

export const ordersDeps = async (now: () => Date = () => new Date()) => ({ db: await getDb(), now });
