// `npm run bench -- campaigns [--clients 10000] [--rate 500] [--concurrency 16]`
// N clients → one mailing → dispatcher (cron + the kick at creation) → campaign-messages queue → the
// runtime's poller → sender → the sending API simulator over HTTP, rate-limited by the simulator's
// maxPerSecond (and the mailing's ratePerSecond, the same value). Reports messages/s against the
// simulator's raw accept rate measured in the same run (direct HTTP POSTs, `concurrency` at a time),
// and the runtime's RSS while the dispatcher materialises (batches of CAMPAIGN_DISPATCH_BATCH, so it
// should not grow with N). The full issue size is `--clients 100000` (several minutes on 2 cores).
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { createDb } from '#platform/db/client';
import type { DB } from '#platform/db/schema';
import { insertMailing } from '../functions/campaigns/adapters/mailings.repository.js';
import {
  closeMailing,
  type DispatchDeps,
  dispatchMailing,
} from '../functions/campaigns/dispatch-mailings.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';

const { values } = parseArgs({
  options: {
    clients: { type: 'string', default: '10000' },
    rate: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '16' },
    baseline: { type: 'string', default: '2000' },
  },
});
const total = Number(values.clients);
const rate = Number(values.rate);
const concurrency = Number(values.concurrency);
const baselineRequests = Number(values.baseline);
const progress = (line: string) => process.stderr.write(`[campaigns] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;
const TIMEOUT_MS = Math.max(300_000, (total / Math.min(rate, 200)) * 1000 * 3);

/** Not under the test harness's `syncore-test-*` prefix: a concurrent jest run would clean it away. */
async function benchDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

async function rssMb(pid: number | undefined): Promise<number> {
  if (!pid) return 0;
  const status = await fs.readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return round(kb / 1024);
}

/** Baseline: the simulator alone, over HTTP through the same runtime, no rate limit. */
async function rawAcceptRate(baseUrl: string, token: string, count: number) {
  let next = 0;
  const started = performance.now();
  let accepted = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next += 1;
        const id = randomUUID();
        const response = await fetch(`${baseUrl}/sending-api/v1/send/${id}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ id, phone: '+4915100000000', text: 'baseline' }),
        });
        await response.arrayBuffer();
        if (response.status === 200) accepted += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { requests: count, accepted, concurrency, acceptPerSec: round(accepted / seconds) };
}

/**
 * The dispatcher alone, in this process, over the same audience: heap after each batch. It keeps only
 * ids per batch, so the heap should not grow with the number of batches (outbox rows are dropped here
 * instead of being relayed, so the queue is not flooded twice).
 */
async function dispatcherHeap(databaseUrl: string, ownerId: string) {
  const db = createDb(databaseUrl, { max: 1 });
  try {
    // Starts tomorrow, so the runtime's cron leaves it alone; this dispatcher runs on tomorrow's clock.
    const startsAt = new Date(Date.now() + 86_400_000);
    const mailing = await insertMailing(db, ownerId, {
      text: 'Bench dispatcher only',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 3_600_000),
      tags: [],
      operatorCodes: [],
      window: null,
      ratePerSecond: null,
    });
    const heap: number[] = [];
    global.gc?.();
    const started = performance.now();
    const result = await dispatchMailing(
      {
        db,
        now: () => new Date(startsAt.getTime() + 60_000),
        batchSize: 1_000,
        leaseMs: 11_000,
        relay: async (ids) => {
          if (ids.length > 0) await db.deleteFrom('outbox').where('id', 'in', ids).execute();
          heap.push(round(process.memoryUsage().heapUsed / 1024 / 1024));
        },
      },
      mailing.id,
      Date.now() + 600_000,
    );
    const seconds = (performance.now() - started) / 1000;
    // Cancelled after a full materialisation: every open message becomes `cancelled`, in batches.
    await db
      .updateTable('campaign_mailings')
      .set({ status: 'cancelled' })
      .where('id', '=', mailing.id)
      .execute();
    const closeOpen = await timedClose(closingDeps(db, startsAt), mailing.id, total);
    // Ended before anything was materialised: every client gets an `expired` row, in batches.
    const untouched = await insertMailing(db, ownerId, {
      text: 'Bench closing only',
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_000),
      tags: [],
      operatorCodes: [],
      window: null,
      ratePerSecond: null,
    });
    const accountFor = await timedClose(
      closingDeps(db, new Date(startsAt.getTime() + 60_000)),
      untouched.id,
      total,
    );
    return {
      messages: result.materialised,
      batches: heap.length,
      messagesPerSec: round(result.materialised / seconds),
      heapMb: { afterFirstBatch: heap[0] ?? 0, max: Math.max(...heap), afterLastBatch: heap.at(-1) ?? 0 },
      closing: { cancelAfterFullMaterialisation: closeOpen, endBeforeAnyMaterialisation: accountFor },
    };
  } finally {
    await db.destroy();
  }
}

function closingDeps(db: Kysely<DB>, now: Date): DispatchDeps {
  return { db, now: () => now, batchSize: 1_000, leaseMs: 11_000, relay: async () => undefined };
}

/** Closes one mailing (repeating until closed, like the cron would) and checks its counters. */
async function timedClose(deps: DispatchDeps, mailingId: string, audience: number) {
  const started = performance.now();
  let runs = 0;
  let closed = false;
  while (!closed && runs < 20) {
    runs += 1;
    await closeMailing(deps, mailingId, Date.now() + 600_000);
    // Closed by this run or by the runtime's own dispatcher cron, which may get there first.
    const row = await deps.db
      .selectFrom('campaign_mailings')
      .select('finished_at')
      .where('id', '=', mailingId)
      .executeTakeFirstOrThrow();
    closed = row.finished_at !== null;
  }
  const seconds = (performance.now() - started) / 1000;
  const counts = await deps.db
    .selectFrom('campaign_mailing_counts')
    .select(['status', (eb) => eb.fn.sum<string>('count').as('n')])
    .where('mailing_id', '=', mailingId)
    .groupBy('status')
    .execute();
  const byStatus = Object.fromEntries(counts.map((row) => [row.status, Number(row.n)]));
  const accounted = Object.values(byStatus).reduce((a, b) => a + b, 0);
  return {
    closed,
    seconds: round(seconds),
    rowsPerSec: round(audience / seconds),
    byStatus,
    accountedVsAudience: round(accounted / audience),
  };
}

/** The last `campaign sender profile` line the runtime logged: where the sender's time went. */
function senderProfile(output: string) {
  const lines = output.split('\n').filter((line) => line.includes('campaign sender profile'));
  const last = lines.at(-1);
  if (!last) return null;
  try {
    const parsed = JSON.parse(last.slice(last.indexOf('{'))) as Record<string, unknown>;
    return {
      batches: parsed.batches,
      messages: parsed.messages,
      perMessageMs: parsed.perMessageMs,
      totalMs: parsed.totalMs,
    };
  } catch {
    return null;
  }
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg().map(round);
  progress('starting the local runtime');
  const stack = await startStack({ dataDir: await benchDataDir() });
  try {
    const state = await stack.state();
    const secrets = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
    const simulatorToken = secrets.SENDING_API_TOKEN as string;
    const pool = new pg.Pool({ connectionString: state.databaseUrl, max: 2 });
    pool.on('error', () => undefined);
    const faults = (body: unknown) =>
      fetch(`${stack.baseUrl}/sending-api/admin/faults`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${simulatorToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((response) => response.arrayBuffer());

    progress(`baseline: the simulator's raw accept rate (${baselineRequests} requests)`);
    await faults({});
    const baseline = await rawAcceptRate(stack.baseUrl, simulatorToken, baselineRequests);
    progress(`  ${JSON.stringify(baseline)}`);

    const { userId, token } = await registerBenchUser(stack.baseUrl);
    const user = { id: userId };
    // The audience straight into PostgreSQL (the import endpoint is measured by its own tests).
    await pool.query(
      `insert into campaign_clients (owner_id, phone, operator_code, tag, time_zone)
       select $1, '+49151' || lpad(g::text, 8, '0'), '1510', 'bench', 'UTC' from generate_series(1, $2::int) g`,
      [user.id, total],
    );
    progress(`${total} clients; simulator limited to ${rate}/s; creating the mailing`);
    await faults({ maxPerSecond: rate });

    const rssBefore = await rssMb(state.offlinePid);
    let rssPeak = rssBefore;
    const t0 = performance.now();
    const created = await fetch(`${stack.baseUrl}/mailings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Bench mailing',
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        endsAt: new Date(Date.now() + 6 * 3_600_000).toISOString(),
        ratePerSecond: rate,
      }),
    });
    const mailing = (await created.json()) as { id: string };
    const counts = async () =>
      Object.fromEntries(
        (
          await pool.query<{ status: string; n: string }>(
            'select status, sum(count)::bigint as n from campaign_mailing_counts where mailing_id = $1 group by 1',
            [mailing.id],
          )
        ).rows.map((row) => [row.status, Number(row.n)]),
      ) as Record<string, number>;

    let dispatchedSeconds: number | null = null;
    let current: Record<string, number> = {};
    let lastLog = 0;
    // The sender's own pace: sent per second over the intervals that began with messages waiting
    // (pending), i.e. leaving out the gaps where everything materialised so far was already sent.
    const busy = { seconds: 0, sent: 0 };
    let previous = { at: performance.now(), sent: 0, pending: 0 };
    while (performance.now() - t0 < TIMEOUT_MS) {
      await sleep(500);
      current = await counts();
      const sample = { at: performance.now(), sent: current.sent ?? 0, pending: current.pending ?? 0 };
      if (previous.pending > 0) {
        busy.seconds += (sample.at - previous.at) / 1000;
        busy.sent += sample.sent - previous.sent;
      }
      previous = sample;
      rssPeak = Math.max(rssPeak, await rssMb(state.offlinePid));
      const materialised = Object.values(current).reduce((a, b) => a + b, 0);
      if (dispatchedSeconds === null && materialised >= total)
        dispatchedSeconds = (performance.now() - t0) / 1000;
      if ((current.sent ?? 0) + (current.failed ?? 0) >= total) break;
      if (performance.now() - lastLog > 10_000) {
        lastLog = performance.now();
        progress(`  materialised ${materialised}, ${JSON.stringify(current)}, rss ${rssPeak} MB`);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    progress('the dispatcher alone, in process: heap per batch');
    const dispatcher = await dispatcherHeap(state.databaseUrl, user.id);
    progress(`  ${JSON.stringify(dispatcher)}`);
    const simulator = (
      await pool.query<{ accepted: string; max_deliveries: number; requests: string }>(
        `select count(*) as accepted, coalesce(max(deliveries), 0) as max_deliveries, coalesce(sum(requests), 0) as requests
         from sending_api_messages where text = 'Bench mailing'`,
      )
    ).rows[0]!;
    await pool.end();
    const sent = current.sent ?? 0;
    const messagesPerSec = round(sent / seconds);
    const busyRate = round(busy.sent / busy.seconds);
    const result = {
      bench: 'campaigns',
      at: new Date().toISOString(),
      clients: total,
      rateLimitPerSec: rate,
      complete: sent === total,
      seconds: round(seconds),
      dispatchSeconds: dispatchedSeconds === null ? null : round(dispatchedSeconds),
      messagesPerSec,
      /** Sent per second while messages were waiting: the sender's pace, not the materialisation's. */
      busyMessagesPerSec: busyRate,
      busyVsRawAcceptRate: round(busyRate / baseline.acceptPerSec),
      statuses: current,
      simulator: {
        accepted: Number(simulator.accepted),
        requests: Number(simulator.requests),
        maxDeliveriesPerId: simulator.max_deliveries,
      },
      baseline,
      vsRawAcceptRate: round(messagesPerSec / baseline.acceptPerSec),
      vsRateLimit: round(messagesPerSec / rate),
      runtimeRssMb: { beforeMailing: rssBefore, peak: rssPeak },
      dispatcherAlone: dispatcher,
      senderProfile: senderProfile(stack.output()),
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        loadBefore,
        loadAfter: os.loadavg().map(round),
      },
      totalSeconds: round((Date.now() - started) / 1000),
    };
    const closing = dispatcher.closing;
    const accounted = Math.min(
      closing.cancelAfterFullMaterialisation.accountedVsAudience,
      closing.endBeforeAnyMaterialisation.accountedVsAudience,
    );
    const output = {
      ...result,
      goals: {
        allSent: { value: sent, goal: `= ${total}`, met: sent === total },
        maxDeliveriesPerId: {
          value: simulator.max_deliveries,
          goal: '= 1 (never twice)',
          met: simulator.max_deliveries === 1,
        },
        closedAccountedVsAudience: { value: accounted, goal: '= 1 (cancel / end)', met: accounted === 1 },
      },
    };
    process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
  } finally {
    await disposeStack(stack);
  }
}

await main();
