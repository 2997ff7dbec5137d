// `npm run bench -- db-statements [--seconds 4] [--rounds 2]`
// What a statement costs PostgreSQL and us, prepared or not (layers/platform/db/prepared.ts), at the SQL
// level: the week view's two queries (the calendar's events, the meetings it attends) and GET /me's
// user, on the benches' seeded week (bench/support/week.ts, through `npm start`, which then idles).
// Four ways each, 10 connections, 10 concurrent loops:
//   ours          the repositories through our db layer (kysely + spans + prepared statements),
//   oursUnnamed   the same with DATABASE_PREPARED_STATEMENTS=false (every statement parsed and planned),
//   raw           pg with the same SQL text, unnamed (pg's default),
//   rawPrepared   pg with the same SQL text as named statements.
// Per way: statements' round trips per second, the client's CPU per operation (this process) and the
// server's (the 10 backends' CPU from /proc, found by application_name). The server's CPU is what
// prepared statements save; on AWS that is RDS, the one part that does not scale out with Lambda.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDb, type Database } from '#platform/db/client';
import { findEventsOverlapping } from '../functions/calendar/adapters/events.repository.js';
import { findUserById } from '../functions/identity/adapters/users.repository.js';
import { listAttendedMeetingsBetween } from '../functions/meetings/adapters/meetings.repository.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { round } from './support/load.js';
import { cpuSeconds } from './support/process-cpu.js';
import { ME_SQL, WEEK_MEETINGS_SQL, WEEK_SQL } from './support/raw-sql.js';
import { seedWeek } from './support/week.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '4' }, rounds: { type: 'string', default: '2' } },
});
const SECONDS = Number(values.seconds);
const ROUNDS = Number(values.rounds);
const CONNECTIONS = 10;
const progress = (line: string) => process.stderr.write(`[db-statements] ${line}\n`);

const WAYS = ['ours', 'oursUnnamed', 'raw', 'rawPrepared'] as const;
type Way = (typeof WAYS)[number];
type Operation = 'week' | 'me';
interface Measure {
  opsPerSec: number;
  clientCpuUsPerOp: number;
  serverCpuUsPerOp: number;
}

const withApplicationName = (url: string, name: string) => {
  const parsed = new URL(url);
  parsed.searchParams.set('application_name', name);
  return parsed.toString();
};

async function main() {
  const started = Date.now();
  const loadAverageAtStart = os.loadavg().map(round);
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dataDir, 0o755);
  progress('starting the local runtime and seeding the week');
  const stack = await startStack({ dataDir });
  const dbs: Database[] = [];
  const pools: pg.Pool[] = [];
  try {
    const state = await stack.state();
    const { userId } = await seedWeek(stack.baseUrl);
    const from = new Date('2026-03-23T00:00:00+01:00');
    const to = new Date('2026-03-30T00:00:00+01:00');
    const url = (way: Way) => withApplicationName(state.databaseUrl, `bench-${way}`);

    // Connections kept for the whole run (no idle timeout): their backends are the ones measured.
    const keep = { max: CONNECTIONS, idleTimeoutMillis: 0 };
    const ours = createDb(url('ours'), keep);
    const oursUnnamed = createDb(url('oursUnnamed'), { ...keep, preparedStatements: false });
    const raw = new pg.Pool({ connectionString: url('raw'), ...keep });
    const rawPrepared = new pg.Pool({ connectionString: url('rawPrepared'), ...keep });
    dbs.push(ours, oursUnnamed);
    pools.push(raw, rawPrepared);
    const named = (name: string, text: string, values: unknown[]) =>
      rawPrepared.query({ name, text, values });

    const work: Record<Operation, Record<Way, () => Promise<unknown>>> = {
      week: {
        ours: () =>
          Promise.all([
            findEventsOverlapping(ours, userId, from, to, 501),
            listAttendedMeetingsBetween(ours, [userId], from, to),
          ]),
        oursUnnamed: () =>
          Promise.all([
            findEventsOverlapping(oursUnnamed, userId, from, to, 501),
            listAttendedMeetingsBetween(oursUnnamed, [userId], from, to),
          ]),
        raw: () =>
          Promise.all([
            raw.query(WEEK_SQL, [userId, from, to]),
            raw.query(WEEK_MEETINGS_SQL, [userId, from, to]),
          ]),
        rawPrepared: () =>
          Promise.all([
            named('week', WEEK_SQL, [userId, from, to]),
            named('meetings', WEEK_MEETINGS_SQL, [userId, from, to]),
          ]),
      },
      me: {
        ours: () => findUserById(ours, userId),
        oursUnnamed: () => findUserById(oursUnnamed, userId),
        raw: () => raw.query(ME_SQL, [userId]),
        rawPrepared: () => named('me', ME_SQL, [userId]),
      },
    };

    // Opens every pool's connections (and prepares what is prepared) before anything is timed.
    for (const operation of Object.values(work)) {
      for (const way of WAYS) await loops(operation[way], 1);
    }
    const backends = new pg.Client({ connectionString: state.databaseUrl });
    await backends.connect();
    const pids = async (way: Way) =>
      (
        await backends.query<{ pid: number }>(
          'select pid from pg_stat_activity where application_name = $1',
          [`bench-${way}`],
        )
      ).rows.map((row) => row.pid);
    const backendPids: Partial<Record<Way, number[]>> = {};
    for (const way of WAYS) backendPids[way] = await pids(way);
    await backends.end();

    const runs: Record<Operation, Record<Way, Measure[]>> = {
      week: { ours: [], oursUnnamed: [], raw: [], rawPrepared: [] },
      me: { ours: [], oursUnnamed: [], raw: [], rawPrepared: [] },
    };
    for (let r = 1; r <= ROUNDS; r++) {
      for (const operation of ['week', 'me'] as const) {
        // Alternating order, so drift in the machine's load does not always favour the same way.
        for (const way of r % 2 ? WAYS : [...WAYS].reverse()) {
          progress(`round ${r}: ${operation} ${way}`);
          runs[operation][way].push(await measure(work[operation][way], backendPids[way] as number[]));
        }
      }
    }

    const median = (measures: Measure[], key: keyof Measure) =>
      round([...measures.map((m) => m[key])].sort((a, b) => a - b)[Math.floor(measures.length / 2)] ?? 0);
    const summary = Object.fromEntries(
      (['week', 'me'] as const).map((operation) => {
        const ways = Object.fromEntries(
          WAYS.map((way) => [
            way,
            {
              opsPerSec: median(runs[operation][way], 'opsPerSec'),
              clientCpuUsPerOp: median(runs[operation][way], 'clientCpuUsPerOp'),
              serverCpuUsPerOp: median(runs[operation][way], 'serverCpuUsPerOp'),
            },
          ]),
        ) as Record<Way, Measure>;
        return [
          operation,
          {
            ...ways,
            serverCpuPreparedVsUnnamed: round(ways.ours.serverCpuUsPerOp / ways.oursUnnamed.serverCpuUsPerOp),
            oursVsRaw: round(ways.ours.opsPerSec / ways.raw.opsPerSec),
            oursVsRawPrepared: round(ways.ours.opsPerSec / ways.rawPrepared.opsPerSec),
          },
        ];
      }),
    );
    const result = {
      bench: 'db-statements',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map(round),
      connections: CONNECTIONS,
      secondsPerRun: SECONDS,
      rounds: ROUNDS,
      operations: summary,
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await Promise.all([...dbs.map((db) => db.destroy()), ...pools.map((pool) => pool.end())]);
    await disposeStack(stack);
    await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/** Runs `one` in CONNECTIONS concurrent loops for `seconds`; the number of operations completed. */
async function loops(one: () => Promise<unknown>, seconds: number): Promise<number> {
  const end = performance.now() + seconds * 1000;
  let done = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < end) {
        await one();
        done++;
      }
    }),
  );
  return done;
}

async function measure(one: () => Promise<unknown>, pids: number[]): Promise<Measure> {
  const server = () => pids.reduce((sum, pid) => sum + (cpuSeconds(pid) ?? 0), 0);
  const serverBefore = server();
  const clientBefore = process.cpuUsage();
  const startedAt = performance.now();
  const done = await loops(one, SECONDS);
  const elapsed = (performance.now() - startedAt) / 1000;
  const client = process.cpuUsage(clientBefore);
  return {
    opsPerSec: round(done / elapsed),
    clientCpuUsPerOp: round((client.user + client.system) / done),
    serverCpuUsPerOp: round(((server() - serverBefore) * 1e6) / done),
  };
}

await main();
