import { type Kysely, sql } from 'kysely';

/**
 * Hotels, room types, rooms, nightly rate overrides, bookings, payments and the log of payment events.
 * No double booking is a database guarantee: an exclusion constraint over (room, stay) for the holds
 * that occupy a room, so concurrent requests can never both win, whatever the application does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists btree_gist`.execute(db);

  await db.schema
    .createTable('hotels')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('owner_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('city', 'text', (col) => col.notNull())
    .addColumn('address', 'text', (col) => col.notNull())
    .addColumn('time_zone', 'text', (col) => col.notNull())
    .addColumn('check_in_time', 'text', (col) => col.notNull())
    .addColumn('check_out_time', 'text', (col) => col.notNull())
    .addColumn('free_cancellation_hours', 'integer', (col) =>
      col.notNull().defaultTo(24).check(sql`free_cancellation_hours >= 0`),
    )
    .addColumn('late_cancellation_refund_percent', 'integer', (col) =>
      col.notNull().defaultTo(0).check(sql`late_cancellation_refund_percent between 0 and 100`),
    )
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`create index hotels_city_idx on hotels (lower(city))`.execute(db);
  await db.schema.createIndex('hotels_owner_idx').on('hotels').column('owner_id').execute();

  await db.schema
    .createTable('room_types')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('hotel_id', 'uuid', (col) => col.notNull().references('hotels.id').onDelete('cascade'))
    .addColumn('name', 'text', (col) => col.notNull())
    .addColumn('capacity', 'integer', (col) => col.notNull().check(sql`capacity between 1 and 20`))
    .addColumn('base_price', 'integer', (col) => col.notNull().check(sql`base_price >= 0`))
    .addColumn('currency', 'text', (col) => col.notNull().check(sql`currency ~ '^[A-Z]{3}$'`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('room_types_hotel_idx').on('room_types').column('hotel_id').execute();

  await db.schema
    .createTable('rooms')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('room_type_id', 'uuid', (col) => col.notNull().references('room_types.id').onDelete('cascade'))
    .addColumn('label', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('rooms_type_label_key', ['room_type_id', 'label'])
    .execute();

  // A rate override covers the nights [starts_on, ends_on); when overrides overlap the newest wins.
  await db.schema
    .createTable('room_rates')
    .addColumn('id', 'bigint', (col) => col.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('room_type_id', 'uuid', (col) => col.notNull().references('room_types.id').onDelete('cascade'))
    .addColumn('starts_on', 'date', (col) => col.notNull())
    .addColumn('ends_on', 'date', (col) => col.notNull())
    .addColumn('price', 'integer', (col) => col.notNull().check(sql`price >= 0`))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('room_rates_range_check', sql`ends_on > starts_on`)
    .execute();
  await db.schema
    .createIndex('room_rates_type_idx')
    .on('room_rates')
    .columns(['room_type_id', 'starts_on'])
    .execute();

  await db.schema
    .createTable('bookings')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('client_id', 'uuid', (col) => col.notNull().references('users.id'))
    .addColumn('hotel_id', 'uuid', (col) => col.notNull().references('hotels.id'))
    .addColumn('room_type_id', 'uuid', (col) => col.notNull().references('room_types.id'))
    .addColumn('room_id', 'uuid', (col) => col.notNull().references('rooms.id'))
    .addColumn('check_in', 'date', (col) => col.notNull())
    .addColumn('check_out', 'date', (col) => col.notNull())
    .addColumn('guests', 'integer', (col) => col.notNull().check(sql`guests >= 1`))
    .addColumn('total_amount', 'integer', (col) => col.notNull().check(sql`total_amount >= 0`))
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col
        .notNull()
        .check(sql`status in ('pending_payment', 'confirmed', 'expired', 'cancelled', 'payment_failed')`),
    )
    .addColumn('expires_at', 'timestamptz', (col) => col.notNull())
    .addColumn('refund_amount', 'integer')
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('bookings_stay_check', sql`check_out > check_in`)
    .execute();
  // The invariant itself: no two room-occupying bookings of one unit overlap ([check_in, check_out) ranges).
  await sql`
    alter table bookings add constraint bookings_no_double_booking
    exclude using gist (room_id with =, daterange(check_in, check_out, '[)') with &&)
    where (status in ('pending_payment', 'confirmed'))
  `.execute(db);
  await db.schema
    .createIndex('bookings_client_idx')
    .on('bookings')
    .columns(['client_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('bookings_hotel_idx')
    .on('bookings')
    .columns(['hotel_id', 'check_in'])
    .execute();
  await sql`create index bookings_pending_expiry_idx on bookings (expires_at) where status = 'pending_payment'`.execute(
    db,
  );

  await db.schema
    .createTable('payments')
    .addColumn('id', 'uuid', (col) => col.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('booking_id', 'uuid', (col) => col.notNull().unique().references('bookings.id'))
    .addColumn('provider_payment_id', 'text', (col) => col.unique())
    .addColumn('amount', 'integer', (col) => col.notNull())
    .addColumn('currency', 'text', (col) => col.notNull())
    .addColumn('status', 'text', (col) =>
      col.notNull().check(sql`status in ('pending', 'succeeded', 'failed')`),
    )
    .addColumn('refund_due_amount', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  // Each provider event is processed once: the primary key is the provider's event id.
  await db.schema
    .createTable('payment_events')
    .addColumn('event_id', 'text', (col) => col.primaryKey())
    .addColumn('provider_payment_id', 'text', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('outcome', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('received_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'payment_events',
    'payments',
    'bookings',
    'room_rates',
    'rooms',
    'room_types',
    'hotels',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
