// `npm run bench -- http [--seconds 8] [--rounds 3]`
// Four numbers per route, same run, load from a separate process (bench/support/load.ts):
//   raw   node:http + pg running the same SQL (bench/support/raw-server.ts), pg's default: unnamed statements,
//   rawPrepared  the same server with named (prepared) statements, as our routes run them since the fourth pass,
//   bare  serverless-offline --useInProcess serving constant JSON (bench/support/bare: the emulator's floor),
//   ours  the route through `npm start` (middy chain, auth, zod, kysely, luxon).
// Routes: GET /events/week/{date} (list-week), GET /me (cheap, authenticated), POST /events (a write).
// Goals (issue 14): list-week ≥ 0.5× raw req/s with p99 ≤ 3× raw; GET /me ≥ 0.75× bare.
// Also the memory of the serverless-offline process after a full garbage collection (heap kept, resident
// size; bench/support/heap-report.mjs) at idle and after every round; `--rounds` repeats the whole set, so
// growth across rounds shows a leak (goal: the heap kept grows ≤ 10 MB from round 1 to the last).
import { type ChildProcess, spawn } from 'node:child_process';
import fs, { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { startOfflineService } from '../tests/support/offline-service.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';
import { type LoadOptions, type LoadResult, loadFrom, round } from './support/load.js';
import { seedWeek, WEEK, WRITE_BODY, ZONE } from './support/week.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
  },
});
const seconds = Number(values.seconds);
const rounds = Number(values.rounds);
const progress = (line: string) => process.stderr.write(`[http] ${line}\n`);
/** The heap kept after a full collection may move this much between rounds without it being a leak. */
const LEAK_TOLERANCE_MB = 10;

const HEAP_REPORT_PRELOAD = path.join(import.meta.dirname, 'support/heap-report.mjs');

/**
 * The serverless-offline process's memory after a full garbage collection (bench/support/heap-report.mjs
 * does it on SIGUSR2 and writes the numbers to `file`), in MB: the heap it keeps and its resident size.
 */
async function memoryAfterGc(
  pid: number,
  file: string,
): Promise<{ heapUsedMb: number; rssMb: number } | undefined> {
  await fs.rm(file, { force: true });
  process.kill(pid, 'SIGUSR2');
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(100)) {
    const report = await readFile(file, 'utf8').catch(() => undefined);
    if (report) {
      const usage = JSON.parse(report) as { heapUsed: number; rss: number };
      return { heapUsedMb: round(usage.heapUsed / 2 ** 20), rssMb: round(usage.rss / 2 ** 20) };
    }
  }
  return undefined;
}

function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`exited with ${code} before it was ready`)));
  });
}

async function startBare(): Promise<{ child: ChildProcess; url: string }> {
  const service = await startOfflineService(
    path.join(import.meta.dirname, 'support/bare'),
    async ({ httpBase }) => (await fetch(`${httpBase}/constant`)).status === 200,
  );
  return { child: service.child, url: `${service.httpBase}/constant` };
}

const WHICH = ['raw', 'rawPrepared', 'bare', 'ours'] as const;
type Which = (typeof WHICH)[number];
type Target = { route: string } & Record<Which, LoadOptions>;

function startRaw(databaseUrl: string, ...flags: string[]): ChildProcess {
  return spawn(
    process.execPath,
    ['--import', 'tsx', path.join(import.meta.dirname, 'support/raw-server.ts'), databaseUrl, ...flags],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
}

async function main() {
  const started = Date.now();
  const loadAverage = os.loadavg().map(round);
  progress('starting the local runtime');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dataDir, 0o755);
  // A full garbage collection on demand in the serverless-offline process, for the leak check.
  const heapReport = path.join(dataDir, 'heap.json');
  process.env.SYNCORE_OFFLINE_NODE_ARGS = `${process.env.SYNCORE_OFFLINE_NODE_ARGS ?? ''} --expose-gc --import ${HEAP_REPORT_PRELOAD}`;
  process.env.SYNCORE_HEAP_REPORT = heapReport;
  const stack = await startStack({ dataDir });
  let raw: ChildProcess | undefined;
  let rawPrepared: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  try {
    const state = await stack.state();
    const offlinePid = state.offlinePid ?? 0;
    const { userId, auth, json } = await seedWeek(stack.baseUrl);

    raw = startRaw(state.databaseUrl);
    const rawBase = `http://127.0.0.1:${await firstLine(raw)}`;
    rawPrepared = startRaw(state.databaseUrl, '--prepared');
    const rawPreparedBase = `http://127.0.0.1:${await firstLine(rawPrepared)}`;
    const bareServer = await startBare();
    bare = bareServer.child;

    const owner = { 'x-owner': userId };
    const eventBody = WRITE_BODY;
    const common = { seconds, connections: 10 };
    const rawPost = (base: string, writer: Record<string, string>): LoadOptions => ({
      ...common,
      url: `${base}/events`,
      method: 'POST',
      headers: { ...writer, ...json },
      body: eventBody,
      okStatus: 201,
    });
    const readTargets: Target[] = [
      {
        route: 'GET /events/week/{date}',
        raw: { ...common, url: `${rawBase}/events/week/${WEEK}`, headers: owner },
        rawPrepared: { ...common, url: `${rawPreparedBase}/events/week/${WEEK}`, headers: owner },
        bare: { ...common, url: bareServer.url },
        ours: { ...common, url: `${stack.baseUrl}/events/week/${WEEK}?tz=${ZONE}`, headers: auth },
      },
      {
        route: 'GET /me',
        raw: { ...common, url: `${rawBase}/me`, headers: owner },
        rawPrepared: { ...common, url: `${rawPreparedBase}/me`, headers: owner },
        bare: { ...common, url: bareServer.url },
        ours: { ...common, url: `${stack.baseUrl}/me`, headers: auth },
      },
    ];
    // Our POST /events writes as a new user every time it runs: a create counts its owner's events for
    // the per-user quota (10,000), so one user written to for the whole bench would measure a growing
    // count and then 409s. The raw servers check no quota and write as the seeded user (until the fifth
    // session both wrote as that user, and the raw servers' inserts had filled its quota before ours ran:
    // most of our creates were 409s).
    const writeTarget = async (): Promise<Target> => {
      const writer = await registerBenchUser(stack.baseUrl, ZONE);
      return {
        route: 'POST /events',
        raw: rawPost(rawBase, owner),
        rawPrepared: rawPost(rawPreparedBase, owner),
        bare: { ...common, url: bareServer.url, method: 'POST', headers: json, body: eventBody },
        ours: {
          ...common,
          url: `${stack.baseUrl}/events`,
          method: 'POST',
          headers: { ...writer.auth, ...json },
          body: eventBody,
          okStatus: 201,
        },
      };
    };

    progress('warming up');
    for (const target of [...readTargets, await writeTarget()]) {
      for (const which of WHICH) await loadFrom({ ...target[which], seconds: 1 });
    }
    const memory: Record<string, { heapUsedMb: number; rssMb: number } | undefined> = {
      idle: await memoryAfterGc(offlinePid, heapReport),
    };
    const results: Record<string, Array<Record<Which, LoadResult>>> = {};
    for (let r = 1; r <= rounds; r++) {
      for (const target of [...readTargets, await writeTarget()]) {
        progress(`round ${r}: ${target.route}`);
        const run: Partial<Record<Which, LoadResult>> = {};
        // Alternating order, so drift in the machine's load does not always favour the same target.
        const order = r % 2 ? WHICH : [...WHICH].reverse();
        for (const which of order) run[which] = await loadFrom(target[which]);
        results[target.route] = [...(results[target.route] ?? []), run as Record<Which, LoadResult>];
      }
      memory[`afterRound${r}`] = await memoryAfterGc(offlinePid, heapReport);
    }

    const median = (runs: LoadResult[], key: 'reqPerSec' | 'p99Ms' | 'p50Ms') =>
      round([...runs.map((run) => run[key])].sort((a, b) => a - b)[Math.floor(runs.length / 2)] ?? 0);
    const routes = Object.fromEntries(
      Object.entries(results).map(([route, runs]) => {
        const pick = (which: Which) => ({
          reqPerSec: median(
            runs.map((run) => run[which]),
            'reqPerSec',
          ),
          p50Ms: median(
            runs.map((run) => run[which]),
            'p50Ms',
          ),
          p99Ms: median(
            runs.map((run) => run[which]),
            'p99Ms',
          ),
          errors: runs.reduce((sum, run) => sum + run[which].errors, 0),
          statuses: runs.reduce<Record<string, number>>((all, run) => {
            for (const [status, count] of Object.entries(run[which].statuses))
              all[status] = (all[status] ?? 0) + count;
            return all;
          }, {}),
        });
        const [rawResult, rawPreparedResult, bareResult, ours] = WHICH.map(pick) as [
          ReturnType<typeof pick>,
          ReturnType<typeof pick>,
          ReturnType<typeof pick>,
          ReturnType<typeof pick>,
        ];
        return [
          route,
          {
            rawNodePg: rawResult,
            rawNodePgPrepared: rawPreparedResult,
            bareOffline: bareResult,
            ours,
            oursVsRaw: round(ours.reqPerSec / rawResult.reqPerSec),
            oursVsRawPrepared: round(ours.reqPerSec / rawPreparedResult.reqPerSec),
            p99VsRawPrepared: round(ours.p99Ms / rawPreparedResult.p99Ms),
            oursVsBare: round(ours.reqPerSec / bareResult.reqPerSec),
            p99VsRaw: round(ours.p99Ms / rawResult.p99Ms),
            perRound: runs.map((run) => ({
              oursVsRaw: round(run.ours.reqPerSec / run.raw.reqPerSec),
              oursVsRawPrepared: round(run.ours.reqPerSec / run.rawPrepared.reqPerSec),
              oursVsBare: round(run.ours.reqPerSec / run.bare.reqPerSec),
            })),
          },
        ];
      }),
    );
    const errors = Object.values(routes)
      .flatMap((route) => [route.rawNodePg, route.rawNodePgPrepared, route.bareOffline, route.ours])
      .reduce((sum, target) => sum + target.errors, 0);
    const week = routes['GET /events/week/{date}'];
    const me = routes['GET /me'];
    const first = memory.afterRound1?.heapUsedMb;
    const last = memory[`afterRound${rounds}`]?.heapUsedMb;
    const growth = first !== undefined && last !== undefined ? round(last - first) : undefined;
    const result = {
      bench: 'http',
      at: new Date().toISOString(),
      node: process.version,
      cpus: os.cpus().length,
      loadAverageAtStart: loadAverage,
      loadAverageAtEnd: os.loadavg().map(round),
      connections: 10,
      secondsPerRun: seconds,
      rounds,
      routes,
      memoryMb: { afterFullGc: memory, heapGrowthRound1ToLastMb: growth },
      goals: {
        listWeekVsRaw: { value: week?.oursVsRaw, goal: '>= 0.5', met: (week?.oursVsRaw ?? 0) >= 0.5 },
        listWeekP99VsRaw: { value: week?.p99VsRaw, goal: '<= 3', met: (week?.p99VsRaw ?? 99) <= 3 },
        meVsBare: { value: me?.oursVsBare, goal: '>= 0.75', met: (me?.oursVsBare ?? 0) >= 0.75 },
        // The leak check: the heap kept (after a full collection) after the last round against the first.
        heapGrowthRound1ToLastMb: {
          value: growth,
          goal: `<= ${LEAK_TOLERANCE_MB}`,
          met: growth !== undefined && growth <= LEAK_TOLERANCE_MB,
        },
        // Every request of every target answered as expected (200, or 201 for the creates): a rate made of
        // error answers measures something else.
        allAnswered: { value: errors, goal: '= 0', met: errors === 0 },
      },
      durationSeconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    raw?.kill('SIGTERM');
    rawPrepared?.kill('SIGTERM');
    if (bare?.pid) {
      try {
        process.kill(-bare.pid, 'SIGTERM');
      } catch {}
    }
    await disposeStack(stack);
    await fs.rm(dataDir, { recursive: true, force: true }).catch(() => undefined);
  }
}

await main();
