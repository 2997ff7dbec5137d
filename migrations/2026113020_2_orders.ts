import { type Kysely, sql } from 'kysely';

// Orders (LOMS): stock per SKU, orders with their lines, and the consumer's per-order cursor over
// order-status events (what it has applied, so each event is applied once and in order).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('stocks')
    .addColumn('sku', 'bigint', (col) => col.primaryKey())
    .addColumn('total', 'integer', (col) => col.notNull())
    .addColumn('reserved', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    // The last line of defence against overselling: whatever the code does, reserved never exceeds total.
    .addCheckConstraint('stocks_reserved_within_total', sql`reserved >= 0 and reserved <= total`)
    .addCheckConstraint('stocks_total_not_negative', sql`total >= 0`)
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull())
    // Number of status changes so far: the sequence number of the latest order-status event.
    .addColumn('status_seq', 'integer', (col) => col.notNull())
    .addColumn('idempotency_key', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint(
      'orders_status_known',
      sql`status in ('new', 'awaiting_payment', 'failed', 'payed', 'cancelled')`,
    )
    .execute();
  await sql`create unique index orders_user_idempotency_key on orders (user_id, idempotency_key)
            where idempotency_key is not null`.execute(db);
  await sql`create index orders_user_created_idx on orders (user_id, created_at desc, id desc)`.execute(db);
  // The cancelUnpaidOrders cron's scan.
  await sql`create index orders_awaiting_payment_idx on orders (updated_at)
            where status = 'awaiting_payment'`.execute(db);

  await db.schema
    .createTable('order_items')
    .addColumn('order_id', 'uuid', (col) => col.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('sku', 'bigint', (col) => col.notNull())
    .addColumn('count', 'integer', (col) => col.notNull())
    .addPrimaryKeyConstraint('order_items_pkey', ['order_id', 'sku'])
    .addCheckConstraint('order_items_count_range', sql`count between 1 and 10000`)
    .execute();

  // notifyOrderStatus: the last event applied per order (events carry seq 1, 2, 3, ... per order).
  await db.schema
    .createTable('order_status_cursors')
    .addColumn('order_id', 'uuid', (col) => col.primaryKey())
    .addColumn('last_seq', 'integer', (col) => col.notNull())
    .addColumn('last_event_id', 'uuid', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('order_status_cursors').execute();
  await db.schema.dropTable('order_items').execute();
  await db.schema.dropTable('orders').execute();
  await db.schema.dropTable('stocks').execute();
}
