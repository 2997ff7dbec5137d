import { type Kysely, sql } from 'kysely';

/**
 * Campaigns: each user's audience (clients), mailings and one message per (mailing, client); plus the
 * tables of the sending API simulator (an external system: it shares nothing with campaigns).
 *
 * Statistics stay cheap at any size: `campaign_mailing_counts` holds one counter per (mailing, operator
 * code, status), kept by statement-level triggers in the same transaction as every insert or status
 * change of messages, so a read is a handful of rows, never a scan of the messages.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaign_clients')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('operator_code', 'text', (col) => col.notNull())
    .addColumn('tag', 'text')
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('campaign_clients_owner_phone_key', ['owner_id', 'phone'])
    .execute();
  await db.schema
    .createIndex('campaign_clients_owner_id_idx')
    .on('campaign_clients')
    .columns(['owner_id', 'id'])
    .execute();
  await db.schema
    .createIndex('campaign_clients_owner_tag_idx')
    .on('campaign_clients')
    .columns(['owner_id', 'tag', 'id'])
    .execute();
  await db.schema
    .createIndex('campaign_clients_owner_operator_idx')
    .on('campaign_clients')
    .columns(['owner_id', 'operator_code', 'id'])
    .execute();

  await db.schema
    .createTable('campaign_mailings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id').onDelete('cascade'))
    .addColumn('text', 'text', (col) => col.notNull())
    .addColumn('starts_at', 'timestamptz', (col) => col.notNull())
    .addColumn('ends_at', 'timestamptz', (col) => col.notNull())
    .addColumn('filter_tags', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('filter_operator_codes', sql`text[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('window_start', 'text')
    .addColumn('window_end', 'text')
    .addColumn('rate_per_second', 'integer')
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('scheduled')
        .check(sql`status in ('scheduled', 'running', 'paused', 'cancelled', 'finished')`),
    )
    // Keyset position of the materialisation (last client id done); dispatched_at once it is complete.
    .addColumn('dispatch_cursor', 'uuid')
    .addColumn('dispatched_at', 'timestamptz')
    // After a resume: the pending messages still to put back on the queue (keyset by message id).
    .addColumn('requeue_cursor', 'uuid')
    .addColumn('requeue_pending', 'boolean', (col) => col.notNull().defaultTo(false))
    // Rate limit: the next free send slot, reserved atomically by the senders.
    .addColumn('next_slot_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addCheckConstraint('campaign_mailings_period_check', sql`ends_at > starts_at`)
    .execute();
  await db.schema
    .createIndex('campaign_mailings_owner_id_idx')
    .on('campaign_mailings')
    .columns(['owner_id', 'id'])
    .execute();
  await sql`create index campaign_mailings_active_idx on campaign_mailings (starts_at)
    where status in ('scheduled', 'running', 'paused')`.execute(db);

  await db.schema
    .createTable('campaign_messages')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('mailing_id', 'uuid', (col) =>
      col.notNull().references('campaign_mailings.id').onDelete('cascade'),
    )
    // No foreign key: a message keeps the phone it was (or will be) sent to after its client is deleted.
    .addColumn('client_id', 'uuid', (col) => col.notNull())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('operator_code', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .defaultTo('pending')
        .check(sql`status in ('pending', 'sending', 'sent', 'failed', 'expired', 'cancelled')`),
    )
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('sending_at', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addUniqueConstraint('campaign_messages_mailing_client_key', ['mailing_id', 'client_id'])
    .execute();
  await db.schema
    .createIndex('campaign_messages_mailing_id_idx')
    .on('campaign_messages')
    .columns(['mailing_id', 'id'])
    .execute();
  await sql`create index campaign_messages_open_idx on campaign_messages (mailing_id, id)
    where status in ('pending', 'sending')`.execute(db);

  await db.schema
    .createTable('campaign_mailing_counts')
    .addColumn('mailing_id', 'uuid', (col) =>
      col.notNull().references('campaign_mailings.id').onDelete('cascade'),
    )
    .addColumn('operator_code', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) => col.notNull())
    .addColumn('count', 'bigint', (col) => col.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('campaign_mailing_counts_pkey', ['mailing_id', 'operator_code', 'status'])
    .execute();

  // Statement-level triggers see every inserted / updated row at once (transition tables): one grouped
  // upsert per statement, in key order (so concurrent statements lock counters in the same order).
  await sql`
    create function campaign_messages_count_inserted() returns trigger language plpgsql as $$
    begin
      insert into campaign_mailing_counts (mailing_id, operator_code, status, count)
      select mailing_id, operator_code, status, count(*) from new_rows
      group by 1, 2, 3 order by 1, 2, 3
      on conflict (mailing_id, operator_code, status)
      do update set count = campaign_mailing_counts.count + excluded.count;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger campaign_messages_counted_on_insert after insert on campaign_messages
    referencing new table as new_rows for each statement
    execute function campaign_messages_count_inserted()`.execute(db);
  await sql`
    create function campaign_messages_count_updated() returns trigger language plpgsql as $$
    begin
      insert into campaign_mailing_counts (mailing_id, operator_code, status, count)
      select mailing_id, operator_code, status, sum(delta) from (
        select mailing_id, operator_code, status, -1 as delta from old_rows
        union all
        select mailing_id, operator_code, status, 1 as delta from new_rows
      ) changes
      group by 1, 2, 3 having sum(delta) <> 0 order by 1, 2, 3
      on conflict (mailing_id, operator_code, status)
      do update set count = campaign_mailing_counts.count + excluded.count;
      return null;
    end $$`.execute(db);
  await sql`
    create trigger campaign_messages_counted_on_update after update on campaign_messages
    referencing old table as old_rows new table as new_rows for each statement
    execute function campaign_messages_count_updated()`.execute(db);

  // The sending API simulator (functions/sending-api): accepted messages, fault knobs, rate windows.
  await db.schema
    .createTable('sending_api_messages')
    .addColumn('message_id', 'text', (col) => col.primaryKey())
    .addColumn('phone', 'text', (col) => col.notNull())
    .addColumn('text', 'text', (col) => col.notNull())
    // How often it was handed on to the network (must stay 1) and how often it was requested.
    .addColumn('deliveries', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('requests', 'integer', (col) => col.notNull().defaultTo(1))
    .addColumn('accepted_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('last_request_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('sending_api_faults')
    .addColumn('id', 'integer', (col) => col.primaryKey().check(sql`id = 1`))
    .addColumn('error_rate', sql`double precision`, (col) => col.notNull().defaultTo(0))
    .addColumn('latency_ms', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('down', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('max_per_second', 'integer')
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('sending_api_rate_windows')
    .addColumn('second', 'bigint', (col) => col.primaryKey())
    .addColumn('count', 'integer', (col) => col.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('sending_api_rate_windows').execute();
  await db.schema.dropTable('sending_api_faults').execute();
  await db.schema.dropTable('sending_api_messages').execute();
  await db.schema.dropTable('campaign_mailing_counts').execute();
  await db.schema.dropTable('campaign_messages').execute();
  await sql`drop function campaign_messages_count_updated`.execute(db);
  await sql`drop function campaign_messages_count_inserted`.execute(db);
  await db.schema.dropTable('campaign_mailings').execute();
  await db.schema.dropTable('campaign_clients').execute();
}
