import { type Kysely, sql } from 'kysely';

/**
 * The product service simulator's own tables. It stands in for an external catalogue, so it shares no
 * table with the cart: the cart only knows it through its HTTP API.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('product_service_products')
    .addColumn('sku', 'bigint', (col) => col.primaryKey().check(sql`sku > 0`))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('price_amount', 'bigint', (col) => col.notNull().check(sql`price_amount >= 0`))
    .addColumn('currency', 'text', (col) => col.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .execute();

  // Fault knobs for tests and demos, per caller token (stored as a hash), so test files never share them.
  await db.schema
    .createTable('product_service_faults')
    .addColumn('token_hash', 'text', (col) => col.primaryKey())
    .addColumn('error_rate', 'real', (col) =>
      col.notNull().defaultTo(0).check(sql`error_rate >= 0 and error_rate <= 1`),
    )
    .addColumn('error_status', 'integer', (col) => col.notNull().defaultTo(503))
    .addColumn('latency_ms', 'integer', (col) =>
      col.notNull().defaultTo(0).check(sql`latency_ms >= 0 and latency_ms <= 30000`),
    )
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('product_service_faults').execute();
  await db.schema.dropTable('product_service_products').execute();
}
