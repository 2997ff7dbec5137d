// `npm run bench -- pathological-recurrence [--views 200]`
// Issue 8, item 9: 40 events with FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=95 from 1970 (Monday the 31st,
// about once a year) against 40 plain daily events, in the same run:
// 1. GET /events/month/2026-08-01 through the local runtime, sequentially: mean / p50 / p99 per view;
// 2. the same month view in process (the use case on the stack's PostgreSQL);
// 3. for reference, the expansion as it was before (a COUNT series walked from its first occurrence,
//    i.e. without the stored series end): what one view of the 40 pathological events cost.
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '#platform/db/client';
import { occurrencesBetween } from '../functions/calendar/domain/event.js';
import { listPeriod } from '../functions/calendar/list-period.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';

const MONTH = '2026-08-01';
const PATHOLOGICAL = 'FREQ=DAILY;BYMONTHDAY=31;BYDAY=MO;COUNT=95';
const { values } = parseArgs({ options: { views: { type: 'string', default: '200' } } });
const progress = (line: string) => process.stderr.write(`[pathological-recurrence] ${line}\n`);

async function benchDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

function stats(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return { views: sorted.length, meanMs: round(mean), p50Ms: round(at(0.5)), p99Ms: round(at(0.99)) };
}
const round = (value: number) => Math.round(value * 100) / 100;

async function time(iterations: number, run: () => Promise<unknown>) {
  const latencies: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    await run();
    latencies.push(performance.now() - started);
  }
  return stats(latencies);
}

async function main() {
  const views = Number(values.views);
  const started = Date.now();
  progress('starting the local runtime');
  const stack = await startStack({ dataDir: await benchDataDir() });
  try {
    const state = await stack.state();
    const signUp = async () => {
      const { token, userId } = await registerBenchUser(stack.baseUrl, 'UTC');
      return { token, user: { id: userId } };
    };
    const createAll = async (token: string, body: (index: number) => unknown) => {
      for (let index = 0; index < 40; index++) {
        const response = await fetch(`${stack.baseUrl}/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(body(index)),
        });
        if (response.status !== 201) throw new Error(`create: ${response.status} ${await response.text()}`);
      }
    };
    const pathological = await signUp();
    const plain = await signUp();
    progress('creating 40 pathological and 40 plain daily events');
    await createAll(pathological.token, (index) => ({
      title: `Rare ${index}`,
      startsAt: '1970-08-31T09:00:00Z',
      durationMinutes: 60,
      recurrence: PATHOLOGICAL,
    }));
    await createAll(plain.token, (index) => ({
      title: `Daily ${index}`,
      startsAt: '2026-01-01T09:00:00Z',
      durationMinutes: 60,
      recurrence: 'FREQ=DAILY',
    }));

    const viaHttp = (token: string) => async () => {
      const response = await fetch(`${stack.baseUrl}/events/month/${MONTH}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      if (response.status !== 200) throw new Error(`view: ${response.status}`);
      return response.json();
    };
    progress('month views over HTTP');
    await viaHttp(pathological.token)();
    await viaHttp(plain.token)();
    const httpPathological = await time(views, viaHttp(pathological.token));
    const httpPlain = await time(views, viaHttp(plain.token));

    progress('month views in process');
    const db = createDb(state.databaseUrl, { max: 1 });
    try {
      const inProcess = (id: string) => () => listPeriod({ db }, { id, role: 'client' }, 'month', MONTH);
      const pathologicalView = await inProcess(pathological.user.id)();
      const plainView = await inProcess(plain.user.id)();
      const processPathological = await time(views, inProcess(pathological.user.id));
      const processPlain = await time(views, inProcess(plain.user.id));

      // Before the fix: each COUNT series walked from 1970 (no stored end), on the same 40 rows.
      const events = await db
        .selectFrom('calendar_events')
        .selectAll()
        .where('owner_id', '=', pathological.user.id)
        .execute();
      const from = new Date(`${MONTH}T00:00:00Z`);
      const to = new Date('2026-09-01T00:00:00Z');
      const walkedFromStart = await time(Math.min(views, 20), async () =>
        events.flatMap((row) =>
          occurrencesBetween(
            {
              id: row.id,
              ownerId: row.owner_id,
              title: row.title,
              description: row.description,
              startsAt: row.starts_at,
              durationMinutes: row.duration_minutes,
              timeZone: row.time_zone,
              allDay: row.all_day,
              recurrence: row.recurrence,
              reminders: [],
              createdAt: row.created_at,
              updatedAt: row.updated_at,
            },
            from,
            to,
          ),
        ),
      );

      process.stdout.write(
        `${JSON.stringify(
          {
            bench: 'pathological-recurrence',
            month: MONTH,
            events: 40,
            rule: PATHOLOGICAL,
            occurrencesInView: { pathological: pathologicalView.items.length, plain: plainView.items.length },
            http: {
              pathological: httpPathological,
              plainDaily: httpPlain,
              ratio: round(httpPathological.meanMs / httpPlain.meanMs),
            },
            inProcess: {
              pathological: processPathological,
              plainDaily: processPlain,
              ratio: round(processPathological.meanMs / processPlain.meanMs),
            },
            expansionBeforeFix: { walkedFromFirstOccurrence: walkedFromStart },
            node: process.version,
            cpus: os.cpus().length,
            seconds: Math.round((Date.now() - started) / 1000),
          },
          null,
          2,
        )}\n`,
      );
    } finally {
      await db.destroy();
    }
  } finally {
    await disposeStack(stack);
  }
}

await main();
