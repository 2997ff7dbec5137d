import type { Database } from '#platform/db/client';
import {
  countProducts,
  insertProducts,
} from '../../functions/product-service/adapters/products.repository.js';
import {
  CATALOGUE_SIZE,
  catalogueProduct,
  DEMO_SKUS,
  FIRST_SKU,
  LAST_SKU,
} from '../../functions/product-service/domain/catalogue.js';

// Same shape as Seed in ./index.ts (not imported from there, so the two files do not import each other).
type Seed = (ctx: { db: Database; log: (line: string) => void }) => Promise<string[]>;

const CHUNK = 2_000;

/**
 * The product service simulator's catalogue: SKUs 1000001…1010000 with deterministic names and prices.
 * Idempotent (ON CONFLICT DO NOTHING) and cheap on every later start (one COUNT when complete).
 */
export const seedProductService: Seed = async ({ db, log }) => {
  if ((await countProducts(db)) < CATALOGUE_SIZE) {
    let inserted = 0;
    for (let start = FIRST_SKU; start <= LAST_SKU; start += CHUNK) {
      const chunk = Array.from({ length: Math.min(CHUNK, LAST_SKU - start + 1) }, (_, i) =>
        catalogueProduct(start + i),
      );
      inserted += await insertProducts(db, chunk);
    }
    if (inserted > 0) log(`product service: seeded ${inserted} products`);
  }
  const demo = DEMO_SKUS.map((sku) => {
    const product = catalogueProduct(sku);
    return `${sku} ${product.name} (${(product.priceAmount / 100).toFixed(2)} ${product.currency})`;
  });
  return [
    `shop catalogue:        SKUs ${FIRST_SKU}…${LAST_SKU} (product service simulator, stock in orders)`,
    `shop demo SKUs:        ${demo.join(', ')}`,
  ];
};
