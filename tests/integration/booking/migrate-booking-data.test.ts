/**
 * The booking migrations on data that existed before them: a throw-away database on the test server is
 * migrated to just before them, given a booking, then migrated to the latest.
 */
import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { createDb } from '#platform/db/client';
import { closeDb, getDb } from '#platform/db/index';
import { checkInInstant } from '../../../functions/booking/domain/stay.js';
import { migrations } from '../../../migrations/index.js';

const BEFORE_BOOKING_CHANGES = '2026112240_outbox_attempts';
const name = `booking_migrations_${randomUUID().replaceAll('-', '')}`;
// biome-ignore lint/suspicious/noExplicitAny: the schema changes under the test's feet
let db: Kysely<any>;

beforeAll(async () => {
  await sql.raw(`create database ${name}`).execute(await getDb());
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  db = createDb(url.toString(), { max: 1 });
});

afterAll(async () => {
  await db.destroy();
  await sql.raw(`drop database ${name}`).execute(await getDb());
  // tests/support/after-each-file.ts closed the shared pool before this hook ran (the setup file's
  // afterAll comes first): getDb() above opened it again, and an open pool keeps the worker alive.
  await closeDb();
});

it('gives existing bookings their hotel’s cancellation terms and keeps their money exact', async () => {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  expect((await migrator.migrateTo(BEFORE_BOOKING_CHANGES)).error).toBeUndefined();
  const user = await db
    .insertInto('users')
    .values({ email: 'a@example.com', password_hash: 'x', name: 'A', role: 'hotelier' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const hotel = await db
    .insertInto('hotels')
    .values({
      owner_id: user.id,
      name: 'H',
      city: 'New York',
      address: '1 Street',
      time_zone: 'America/New_York',
      check_in_time: '16:00',
      check_out_time: '11:00',
      free_cancellation_hours: 72,
      late_cancellation_refund_percent: 30,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const roomType = await db
    .insertInto('room_types')
    .values({ hotel_id: hotel.id, name: 'D', capacity: 2, base_price: 100, currency: 'USD' })
    .returning('id')
    .executeTakeFirstOrThrow();
  const room = await db
    .insertInto('rooms')
    .values({ room_type_id: roomType.id, label: '1' })
    .returning('id')
    .executeTakeFirstOrThrow();
  // The day New York leaves daylight saving time.
  const booking = await db
    .insertInto('bookings')
    .values({
      client_id: user.id,
      hotel_id: hotel.id,
      room_type_id: roomType.id,
      room_id: room.id,
      check_in: '2026-11-01',
      check_out: '2026-11-03',
      guests: 1,
      total_amount: 2_000_000_000,
      currency: 'USD',
      status: 'confirmed',
      expires_at: new Date(),
    })
    .returning('id')
    .executeTakeFirstOrThrow();

  expect((await migrator.migrateToLatest()).error).toBeUndefined();
  const row = await db
    .selectFrom('bookings')
    .select(['free_cancellation_hours', 'late_cancellation_refund_percent', 'check_in_at', 'total_amount'])
    .where('id', '=', booking.id)
    .executeTakeFirstOrThrow();
  expect(row).toEqual({
    free_cancellation_hours: 72,
    late_cancellation_refund_percent: 30,
    check_in_at: checkInInstant('2026-11-01', '16:00', 'America/New_York'),
    total_amount: '2000000000',
  });
  expect(row.check_in_at.toISOString()).toBe('2026-11-01T21:00:00.000Z');
});
