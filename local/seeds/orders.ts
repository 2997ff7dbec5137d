import { sql } from 'kysely';
import type { Database } from '#platform/db/client';

// Same shape as Seed in ./index.ts (not imported from there, so the two files do not import each other).
type Seed = (ctx: { db: Database; log: (line: string) => void }) => Promise<string[]>;

/** The demo catalogue's SKUs (product-service simulator): every one of them has stock in LOMS. */
export const DEMO_SKU_FIRST = 1_000_001;
export const DEMO_SKU_LAST = 1_010_000;

/**
 * Deterministic demo stock per SKU: 20–219 units, and every 100th SKU has exactly 1 (to try the
 * "last unit" race by hand). Pure SQL so the seed (one statement) and tests agree on the numbers.
 */
export const demoStockSql = (sku: ReturnType<typeof sql.ref>) =>
  sql<number>`case when ${sku} % 100 = 0 then 1 else 20 + ((${sku} * 7919) % 200) end`;

/** Idempotent: one INSERT … SELECT over generate_series; SKUs that already have stock keep it. */
export const seedOrders: Seed = async ({ db, log }) => {
  const result = await sql`
    insert into stocks (sku, total)
    select s, ${demoStockSql(sql.ref('s'))}
    from generate_series(${DEMO_SKU_FIRST}::bigint, ${DEMO_SKU_LAST}::bigint) as s
    on conflict (sku) do nothing`.execute(db);
  const inserted = Number(result.numAffectedRows ?? 0n);
  if (inserted > 0) log(`orders: seeded stock for ${inserted} demo SKUs`);
  return [
    // The range itself is on the catalogue's line (product-service seed).
    `shop stock:            every catalogue SKU has stock (e.g. GET /stocks/${DEMO_SKU_FIRST})`,
  ];
};
