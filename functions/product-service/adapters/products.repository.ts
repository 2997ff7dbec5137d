import type { Database } from '#platform/db/client';
import type { CatalogueProduct } from '../domain/catalogue.js';

const toProduct = (row: { sku: string; name: string; price_amount: string; currency: string }) => ({
  sku: Number(row.sku),
  name: row.name,
  price: { amount: Number(row.price_amount), currency: row.currency },
});

export type ProductView = ReturnType<typeof toProduct>;

export async function findProduct(db: Database, sku: number): Promise<ProductView | undefined> {
  const row = await db
    .selectFrom('product_service_products')
    .selectAll()
    .where('sku', '=', String(sku))
    .executeTakeFirst();
  return row && toProduct(row);
}

/** SKUs in ascending order after `after` (keyset pagination). */
export async function listSkus(db: Database, after: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('product_service_products')
    .select('sku')
    .where('sku', '>', String(after))
    .orderBy('sku')
    .limit(limit)
    .execute();
  return rows.map((row) => Number(row.sku));
}

/** Inserts products that are not there yet (the seed runs on every start). */
export async function insertProducts(db: Database, products: CatalogueProduct[]): Promise<number> {
  if (products.length === 0) return 0;
  const result = await db
    .insertInto('product_service_products')
    .values(
      products.map((p) => ({
        sku: String(p.sku),
        name: p.name,
        price_amount: String(p.priceAmount),
        currency: p.currency,
      })),
    )
    .onConflict((conflict) => conflict.column('sku').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

export async function countProducts(db: Database): Promise<number> {
  const row = await db
    .selectFrom('product_service_products')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
