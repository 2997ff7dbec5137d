// `npm run bench -- booking-throughput [--clients 50] [--holds 5]`
// Holds that do not queue behind each other: `clients` clients at once POST /bookings through the local
// runtime for stays of ONE room type that never overlap (each client its own nights, `holds` each, one
// after the other; 5 is the pending-hold limit). Baseline in the same run, same PostgreSQL: the same
// number of booking rows inserted by `clients` connections into a copy of `bookings` without the
// exclusion constraint; and the hold without HTTP (create-booking's holdRoom: the catalogue reads and
// the transaction, for other nights of the same unit). Goal (issue 14): ≥ 0.7× the plain inserts. Every
// hold must answer 201.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb } from '#platform/db/client';
import { type HoldDeps, holdRoom } from '../functions/booking/create-booking.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { auth, benchHotel, call, liftHoldCaps, register } from './support/booking.js';
import { percentile, round } from './support/load.js';

const { values } = parseArgs({
  options: { clients: { type: 'string', default: '50' }, holds: { type: 'string', default: '5' } },
});
const CLIENTS = Number(values.clients);
const HOLDS = Math.min(Number(values.holds), 5);
const progress = (line: string) => process.stderr.write(`[booking-throughput] ${line}\n`);
const isoDay = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

liftHoldCaps();
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
await fs.chmod(dataDir, 0o755);
progress('starting the local runtime');
const stack = await startStack({ dataDir });
try {
  const { baseUrl } = stack;
  const state = await stack.state();
  // One unit: every stay needs its own nights, so any serialisation per room type would show.
  const { owner, hotelId, roomTypeId, roomIds } = await benchHotel(baseUrl, {
    name: 'Single',
    capacity: 1,
    units: 1,
  });
  const clients = [];
  while (clients.length < CLIENTS)
    clients.push(...(await Promise.all(Array.from({ length: 5 }, () => register(baseUrl, 'client')))));

  // Warm the route once (another room type's nights far away).
  await call(
    baseUrl,
    'POST',
    '/bookings',
    {
      hotelId: hotelId,
      roomTypeId: roomTypeId,
      checkIn: isoDay(300),
      checkOut: isoDay(301),
      guests: 1,
    },
    { ...auth(owner.token), 'idempotency-key': randomUUID() },
  );

  progress(`${CLIENTS} clients × ${HOLDS} holds of non-overlapping nights`);
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let h = 0; h < HOLDS; h++) {
        const night = 30 + c * HOLDS + h;
        const r = await call(
          baseUrl,
          'POST',
          '/bookings',
          {
            hotelId: hotelId,
            roomTypeId: roomTypeId,
            checkIn: isoDay(night),
            checkOut: isoDay(night + 1),
            guests: 1,
          },
          { ...auth(client.token), 'idempotency-key': randomUUID() },
        );
        latencies.push(r.ms);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    }),
  );
  const holdsPerSecond = (CLIENTS * HOLDS) / ((performance.now() - started) / 1000);

  progress('baseline: the same rows, plain inserts without the constraint');
  const pool = new pg.Pool({ connectionString: state.databaseUrl, max: CLIENTS });
  pool.on('error', () => undefined);
  await pool.query('create table bench_bookings_plain (like bookings including defaults)');
  // Every connection opened before the clock starts: the baseline must not pay for connection set-up.
  const warm = await Promise.all(clients.map(() => pool.connect()));
  for (const connection of warm) connection.release();
  const room = roomIds[0]!;
  const insertStarted = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let h = 0; h < HOLDS; h++) {
        const night = 30 + c * HOLDS + h;
        await pool.query(
          `insert into bench_bookings_plain (client_id, hotel_id, room_type_id, room_id, check_in, check_out, guests, total_amount, currency, status, expires_at,
             free_cancellation_hours, late_cancellation_refund_percent, check_in_at)
           values ($1, $2, $3, $4, current_date + $5::int, current_date + $5::int + 1, 1, 10000, 'EUR', 'pending_payment', now() + interval '15 minutes', 24, 0, now())`,
          [client.id, hotelId, roomTypeId, room, night],
        );
      }
    }),
  );
  const plainPerSecond = (CLIENTS * HOLDS) / ((performance.now() - insertStarted) / 1000);
  await pool.query('drop table bench_bookings_plain');
  await pool.end(); // its connections, before the next phase opens as many

  // The hold without HTTP: create-booking's own holdRoom (the catalogue reads, then the transaction with
  // the client's lock, one lock per (room type, night), the pending count, the constrained insert, the
  // payment and outbox rows, the network's and the hotel's caps in stripes, the commit) on the real
  // tables, for other nights of the same unit. This is what item 4 of issue 14 is about: whether holds of
  // one room type queue behind each other, and what a hold costs in statements.
  progress('baseline: the hold without HTTP (create-booking holdRoom), same unit, other nights');
  const db = createDb(state.databaseUrl, { max: CLIENTS });
  const holdDeps: HoldDeps = {
    db,
    now: () => new Date(),
    holdMinutes: 15,
    // The API phase left HOLDS pending holds per client; the caps are lifted as for the stack.
    maxPendingBookings: 2 * HOLDS,
    maxPendingPerNetwork: 100_000,
    maxPendingPerHotel: 100_000,
    maxNights: 30,
  };
  await Promise.all(Array.from({ length: CLIENTS }, () => db.selectNoFrom(sql`1`.as('one')).execute()));
  const holdSqlStarted = performance.now();
  await Promise.all(
    clients.map(async (client, c) => {
      for (let h = 0; h < HOLDS; h++) {
        const night = 2_000 + c * HOLDS + h;
        await holdRoom(
          holdDeps,
          { id: client.id, role: 'client' },
          { hotelId, roomTypeId, checkIn: isoDay(night), checkOut: isoDay(night + 1), guests: 1 },
          '127.0.0.1',
        );
      }
    }),
  );
  const holdSqlPerSecond = (CLIENTS * HOLDS) / ((performance.now() - holdSqlStarted) / 1000);
  const overlaps = Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from bookings a join bookings b on a.room_id = b.room_id and a.id < b.id
        and daterange(a.check_in, a.check_out) && daterange(b.check_in, b.check_out)
        where a.status in ('pending_payment','confirmed') and b.status in ('pending_payment','confirmed')`.execute(
        db,
      )
    ).rows[0]!.n,
  );
  await db.destroy();

  const ratio = round(holdsPerSecond / plainPerSecond);
  const lockingRatio = round(holdSqlPerSecond / plainPerSecond);
  const result = {
    bench: 'booking-throughput',
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg().map(round) },
    clients: CLIENTS,
    holdsPerClient: HOLDS,
    statuses,
    holdsPerSecond: round(holdsPerSecond),
    holdLatencyMs: { p50: round(percentile(latencies, 50)), p99: round(percentile(latencies, 99)) },
    plainInsertsPerSecond: round(plainPerSecond),
    holdTransactionsPerSecond: round(holdSqlPerSecond),
    overlappingStaysInDatabase: overlaps,
    goals: {
      // The goal as written: the whole HTTP route (JWT, idempotency record in DynamoDB, the call
      // to the payment provider, payment and outbox rows) against a bare INSERT.
      holdsVsPlainInserts: { value: ratio, goal: '>= 0.7', met: ratio >= 0.7 },
      // What the goal is about: the hold's reads, locks, constrained insert and rows, without HTTP.
      holdTransactionVsPlainInserts: { value: lockingRatio, goal: '>= 0.7', met: lockingRatio >= 0.7 },
      allHeld: {
        value: statuses['201'] ?? 0,
        goal: `= ${CLIENTS * HOLDS}`,
        met: statuses['201'] === CLIENTS * HOLDS,
      },
      overlaps: { value: overlaps, goal: '= 0', met: overlaps === 0 },
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disposeStack(stack);
}
