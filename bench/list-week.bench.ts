// `npm run bench -- list-week [--events 1000000] [--seconds 8]`
// 1. The week query (the handler's use case, in process, against the stack's PostgreSQL) with 1k events
//    in the table, then with 1M: its time must not grow with the table (GiST index on span + owner).
// 2. GET /events/week/{date} through the local runtime vs a raw node:http + pg server running the same
//    SQL, 10 connections each, same run: req/s, p50/p99 and the ratio.
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb } from '#platform/db/client';
import { listPeriod } from '../functions/calendar/list-period.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';

const WEEK = '2026-03-25';
const ZONE = 'Europe/Berlin';
// The SQL findEventsOverlapping runs (events of the owner whose span overlaps the week, with reminders).
const WEEK_SQL = `select e.*, (select coalesce(array_agg(r.minutes_before), '{}') from calendar_reminders r where r.event_id = e.id) as reminders
  from calendar_events e where e.owner_id = $1 and e.span && tstzrange($2::timestamptz, $3::timestamptz, '[)')`;

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '8' },
    'raw-server': { type: 'boolean', default: false },
    'database-url': { type: 'string' },
  },
});
const progress = (line: string) => process.stderr.write(`[list-week] ${line}\n`);

/** The baseline: node:http + pg, the same SQL, JSON out. Runs in its own process, like the stack's. */
async function runRawServer(databaseUrl: string) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
  pool.on('error', () => undefined);
  const server = http.createServer(async (req, res) => {
    const match = /^\/events\/week\/(\d{4}-\d{2}-\d{2})$/.exec(new URL(req.url ?? '/', 'http://x').pathname);
    const owner = req.headers['x-owner'];
    if (!match || typeof owner !== 'string') return res.writeHead(404).end();
    const from = new Date(`${match[1]}T00:00:00+01:00`);
    const to = new Date(from.getTime() + 7 * 86_400_000);
    const { rows } = await pool.query(WEEK_SQL, [owner, from, to]);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: rows }));
  });
  server.listen(0, '127.0.0.1', () =>
    process.stdout.write(`${(server.address() as { port: number }).port}\n`),
  );
}

/** Not under the test harness's `syncore-test-*` prefix: a concurrent jest run would clean it away. */
async function benchDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

interface LoadResult {
  requests: number;
  errors: number;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
}

/** `connections` keep-alive clients hammering one URL for `seconds`. */
async function load(
  url: string,
  headers: Record<string, string>,
  seconds: number,
  connections = 10,
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const latencies: number[] = [];
  let errors = 0;
  const deadline = Date.now() + seconds * 1000;
  const once = () =>
    new Promise<number>((resolve) => {
      const req = http.get(url, { agent, headers }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', () => resolve(0));
    });
  const worker = async () => {
    while (Date.now() < deadline) {
      const started = performance.now();
      const status = await once();
      latencies.push(performance.now() - started);
      if (status !== 200) errors++;
    }
  };
  const started = Date.now();
  await Promise.all(Array.from({ length: connections }, worker));
  const elapsed = (Date.now() - started) / 1000;
  agent.destroy();
  return {
    requests: latencies.length,
    errors,
    reqPerSec: round(latencies.length / elapsed),
    p50Ms: round(percentile(latencies, 50)),
    p99Ms: round(percentile(latencies, 99)),
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}
const round = (n: number) => Math.round(n * 100) / 100;

/** Fills the table: the bench user's week (12 single events + a weekly series), the rest spread over 20 years and 1,000 other owners. */
async function fill(pool: pg.Pool, userId: string, otherOwners: string[], total: number, startIndex: number) {
  const chunk = 100_000;
  for (let done = startIndex; done < total; done += chunk) {
    const n = Math.min(chunk, total - done);
    await pool.query(
      `insert into calendar_events (owner_id, title, starts_at, duration_minutes, time_zone, series_ends_at)
       select case when g % 10 = 0 then $1::uuid else ($2::uuid[])[1 + g % array_length($2::uuid[], 1)] end,
              'filler ' || g,
              t, 60, 'Europe/Berlin', t + interval '60 minutes'
       from generate_series($3::int, $4::int) g,
            lateral (select timestamptz '2016-01-01' + (g % 7300) * interval '1 day' + (g % 13) * interval '1 hour' as t) x
       where not (t >= '2026-03-20' and t < '2026-04-02')`,
      [userId, otherOwners, done, done + n - 1],
    );
    progress(`events in table: ${done + n}`);
  }
  // As autovacuum would soon after a bulk load: statistics, visibility map and hint bits settled.
  await pool.query('vacuum (analyze) calendar_events');
}

async function queryTimes(databaseUrl: string, userId: string, iterations = 300) {
  const db = createDb(databaseUrl, { max: 1 });
  const caller = { id: userId, role: 'client' as const };
  const times: number[] = [];
  let items = 0;
  for (let i = 0; i < iterations + 30; i++) {
    const started = performance.now();
    const view = await listPeriod({ db }, caller, 'week', WEEK, ZONE);
    if (i >= 30) times.push(performance.now() - started); // the first 30 warm the cache
    items = view.items.length;
  }
  await db.destroy();
  return {
    iterations,
    itemsPerWeek: items,
    p50Ms: round(percentile(times, 50)),
    p99Ms: round(percentile(times, 99)),
  };
}

async function main() {
  const totalEvents = Number(values.events);
  const seconds = Number(values.seconds);
  const started = Date.now();
  progress('starting the local runtime');
  const stack = await startStack({ dataDir: await benchDataDir() });
  let raw: ReturnType<typeof spawn> | undefined;
  try {
    const state = await stack.state();
    const { token, userId } = await registerBenchUser(stack.baseUrl, ZONE);
    const user = { id: userId };
    const pool = new pg.Pool({ connectionString: state.databaseUrl, max: 4 });
    pool.on('error', () => undefined);
    const others = (
      await pool.query<{ id: string }>(
        `insert into users (email, password_hash, name, role) select 'filler-' || g || '-' || $1 || '@example.com', 'x', 'Filler', 'client'
         from generate_series(1, 1000) g returning id`,
        [randomUUID()],
      )
    ).rows.map((row) => row.id);

    // The week itself: 12 events for the user and one weekly series that started years ago.
    for (let i = 0; i < 12; i++) {
      await fetch(`${stack.baseUrl}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({
          title: `Meeting ${i}`,
          startsAt: `2026-03-2${3 + (i % 5)}T${String(8 + i).padStart(2, '0')}:00:00+01:00`,
          durationMinutes: 45,
          reminders: [{ minutesBefore: 10 }],
        }),
      });
    }
    await fetch(`${stack.baseUrl}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        title: 'Weekly review',
        startsAt: '2020-01-06T16:00:00+01:00',
        durationMinutes: 60,
        recurrence: 'FREQ=WEEKLY;BYDAY=MO',
      }),
    });

    await fill(pool, user.id, others, 1_000, 13);
    const small = await queryTimes(state.databaseUrl, user.id);
    progress(`1k events: ${JSON.stringify(small)}`);
    await fill(pool, user.id, others, totalEvents, 1_000);
    const large = await queryTimes(state.databaseUrl, user.id);
    progress(`${totalEvents} events: ${JSON.stringify(large)}`);
    const plan = (
      await pool.query(`explain ${WEEK_SQL}`, [
        user.id,
        new Date('2026-03-23T00:00:00+01:00'),
        new Date('2026-03-30T00:00:00+02:00'),
      ])
    ).rows
      .map((row) => row['QUERY PLAN'])
      .join('\n');
    await pool.end();

    raw = spawn(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--raw-server', '--database-url', state.databaseUrl],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const rawPort = await new Promise<number>((resolve) =>
      raw?.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim()))),
    );

    progress('warming up');
    await load(`${stack.baseUrl}/events/week/${WEEK}?tz=${ZONE}`, { authorization: `Bearer ${token}` }, 2);
    await load(`http://127.0.0.1:${rawPort}/events/week/${WEEK}`, { 'x-owner': user.id }, 1);
    progress('load: local runtime');
    const runtime = await load(
      `${stack.baseUrl}/events/week/${WEEK}?tz=${ZONE}`,
      { authorization: `Bearer ${token}` },
      seconds,
    );
    progress('load: raw node:http + pg');
    const baseline = await load(
      `http://127.0.0.1:${rawPort}/events/week/${WEEK}`,
      { 'x-owner': user.id },
      seconds,
    );

    const result = {
      bench: 'list-week',
      at: new Date().toISOString(),
      node: process.version,
      week: WEEK,
      timeZone: ZONE,
      connections: 10,
      secondsPerRun: seconds,
      queryTime: {
        events1k: small,
        [`events${totalEvents >= 1_000_000 ? `${totalEvents / 1_000_000}M` : totalEvents}`]: large,
        p50Ratio: round(large.p50Ms / small.p50Ms),
        indexUsed: /calendar_events_span_owner_idx/.test(plan),
      },
      http: {
        localRuntime: runtime,
        rawNodePg: baseline,
        reqPerSecRatio: round(runtime.reqPerSec / baseline.reqPerSec),
      },
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    raw?.kill('SIGTERM');
    await disposeStack(stack);
  }
}

if (values['raw-server']) await runRawServer(values['database-url'] as string);
else await main();
