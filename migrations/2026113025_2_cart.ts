import { type Kysely, sql } from 'kysely';

/**
 * Carts, one per user. `version` changes with every change of the cart's content: checkout derives the
 * order's idempotency key from it, so a retried checkout of the same cart creates one order, not two.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('carts')
    .addColumn('user_id', 'uuid', (col) => col.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('version', 'bigint', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('cart_items')
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('carts.user_id').onDelete('cascade'))
    .addColumn('sku', 'bigint', (col) => col.notNull().check(sql`sku > 0`))
    .addColumn('count', 'integer', (col) => col.notNull().check(sql`count between 1 and 10000`))
    .addColumn('added_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('cart_items_pkey', ['user_id', 'sku'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('cart_items').execute();
  await db.schema.dropTable('carts').execute();
}
