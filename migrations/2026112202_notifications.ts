import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('notifications')
    // The producer's deterministic id: a redelivered message hits the primary key and inserts nothing.
    .addColumn('id', 'text', (col) => col.primaryKey())
    .addColumn('recipient_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('source', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('title', 'text', (col) => col.notNull())
    .addColumn('body', 'text')
    .addColumn('data', 'jsonb', (col) => col.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('channels', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{in_app}'`))
    .addColumn('due_at', 'timestamptz', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('read_at', 'timestamptz')
    .addColumn('correlation_id', 'text')
    .execute();
  // Newest-first pagination per recipient: (created_at, id) is the cursor.
  await db.schema
    .createIndex('notifications_recipient_created_idx')
    .on('notifications')
    .expression(sql`recipient_id, created_at desc, id desc`)
    .execute();
  await db.schema.createIndex('notifications_created_idx').on('notifications').column('created_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('notifications').execute();
}
