// `npm run bench -- reminders [--reminders 10000]`
// N reminders due at once → the scheduler (invoked as its cron would be) → SQS → the runtime's poller →
// storer → PostgreSQL: time until all are stored and messages/s, against two baselines measured in the
// same run on the same services: raw SQS-emulator receive+delete, and raw batched PostgreSQL inserts.
// Run twice: for a recipient who reads in the app only (the pipeline alone: the goal), and for one with
// the default channels, whose e-mail and Telegram deliveries share the machine with the storing.
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import pg from 'pg';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';
import { cpuMeter } from './support/process-cpu.js';

const { values } = parseArgs({ options: { reminders: { type: 'string', default: '10000' } } });
const total = Number(values.reminders);
const progress = (line: string) => process.stderr.write(`[reminders] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;
const TIMEOUT_MS = 180_000;

/** Not under the test harness's `syncore-test-*` prefix: a concurrent jest run would clean it away. */
async function benchDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

/** Baseline 1: the emulator alone. Fill a queue, then receive (10 at a time) + delete-batch with 4 loops. */
async function rawSqs(endpoint: string, count: number) {
  const sqs = new SQSClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-raw-${randomUUID()}` }));
  const body = JSON.stringify({
    notificationId: 'x'.repeat(120),
    title: 'Stand-up starts in 10 minutes',
    data: { eventId: randomUUID() },
  });
  const sendStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < count) {
        const start = next;
        next += 10;
        const entries = Array.from({ length: Math.min(10, count - start) }, (_, i) => ({
          Id: String(i),
          MessageBody: body,
        }));
        await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
      }
    }),
  );
  const sendSeconds = (performance.now() - sendStarted) / 1000;
  let consumed = 0;
  const receiveStarted = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (consumed < count) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
        );
        if (Messages.length === 0) continue;
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          }),
        );
        consumed += Messages.length;
      }
    }),
  );
  const receiveSeconds = (performance.now() - receiveStarted) / 1000;
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  sqs.destroy();
  return {
    messages: count,
    sendPerSec: round(count / sendSeconds),
    receiveDeletePerSec: round(count / receiveSeconds),
  };
}

/** Baseline 2: PostgreSQL alone. Notification-shaped rows, 100 per INSERT, one connection. */
async function rawPostgres(pool: pg.Pool, recipientId: string, count: number) {
  const client = await pool.connect();
  try {
    await client.query('create temp table bench_notifications (like notifications including defaults)');
    const started = performance.now();
    for (let done = 0; done < count; done += 100) {
      const n = Math.min(100, count - done);
      const params: unknown[] = [];
      const rows = Array.from({ length: n }, (_, i) => {
        params.push(
          `bench:${done + i}:${randomUUID()}`,
          recipientId,
          'Stand-up starts in 10 minutes',
          new Date(),
        );
        const p = i * 4;
        return `($${p + 1}, $${p + 2}, 'calendar', 'calendar.reminder', $${p + 3}, '{}'::jsonb, $${p + 4})`;
      });
      await client.query(
        `insert into bench_notifications (id, recipient_id, source, type, title, data, due_at) values ${rows.join(',')} on conflict do nothing`,
        params,
      );
    }
    const seconds = (performance.now() - started) / 1000;
    return { rows: count, batchSize: 100, insertsPerSec: round(count / seconds) };
  } finally {
    await client.query('drop table if exists bench_notifications');
    client.release();
  }
}

type Stack = Awaited<ReturnType<typeof startStack>>;

/**
 * One run of the pipeline for `recipientId`: N events starting in 5 minutes, each with a 10-minute
 * reminder (all due 5 minutes ago, at once) → the scheduler, invoked as its cron would be → SQS → the
 * poller → the storer; the time until all N are stored, checked stored exactly once.
 */
async function pipeline(stack: Stack, pool: pg.Pool, recipientId: string) {
  const state = await stack.state();
  await pool.query(
    `with events as (
       insert into calendar_events (owner_id, title, starts_at, duration_minutes, time_zone, series_ends_at)
       select $1, 'Bench event ' || g, now() + interval '5 minutes', 30, 'UTC', now() + interval '35 minutes'
       from generate_series(1, $2::int) g returning id, starts_at)
     insert into calendar_reminders (event_id, minutes_before, occurrence_start, due_at)
     select id, 10, starts_at, starts_at - interval '10 minutes' from events`,
    [recipientId, total],
  );
  progress(`${total} reminders due; invoking the scheduler`);

  const stored = async () =>
    Number(
      (
        await pool.query<{ n: string }>(
          `select count(*) as n from notifications where recipient_id = $1 and source = 'calendar'`,
          [recipientId],
        )
      ).rows[0]?.n ?? 0,
    );
  const cpu = cpuMeter({ runtime: state.pid, serverlessOffline: state.offlinePid });
  const t0 = performance.now();
  let sent = 0;
  let dispatchSeconds = 0;
  let count = 0;
  const dispatching = (async () => {
    // One run normally sends everything; a run that hits its time budget leaves the rest to the next
    // (or to the cron, whose sends this loop does not see: it stops once everything is stored).
    while (sent < total && count < total && performance.now() - t0 < TIMEOUT_MS) {
      const result = await stack.invoke('dispatchReminders', { id: `bench-${randomUUID()}` });
      if (result.functionError)
        throw new Error(`dispatchReminders failed: ${JSON.stringify(result.payload)}`);
      const { sent: batchSent = 0 } = (result.payload ?? {}) as { sent?: number };
      sent += batchSent;
      if (batchSent === 0) await sleep(200); // the cron got there first
    }
    dispatchSeconds = (performance.now() - t0) / 1000;
  })();
  while (count < total && performance.now() - t0 < TIMEOUT_MS) {
    await sleep(100);
    count = await stored();
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpuUsed = cpu();
  await dispatching.catch((error) => progress(String(error)));
  // Each stored row is matched to its reminder through the message data (not the primary key, which
  // is unique by definition): as many distinct reminders stored as rows, and as the scheduler sent.
  const check = (
    await pool.query<{ rows: string; reminders: string; dispatched: string }>(
      `select
         (select count(*) from notifications where recipient_id = $1 and source = 'calendar') as rows,
         (select count(distinct (data->>'eventId', data->>'minutesBefore', data->>'occurrenceStart'))
            from notifications where recipient_id = $1 and source = 'calendar') as reminders,
         (select count(*) from calendar_reminders r join calendar_events e on e.id = r.event_id
            where e.owner_id = $1 and r.sent_count = 1) as dispatched`,
      [recipientId],
    )
  ).rows[0];
  return {
    stored: count,
    allStored: count === total,
    dispatchedReminders: Number(check?.dispatched),
    storedReminders: Number(check?.reminders),
    storedOncePerReminder:
      count === total &&
      Number(check?.rows) === Number(check?.reminders) &&
      Number(check?.reminders) === Number(check?.dispatched),
    dispatchSeconds: round(dispatchSeconds),
    secondsUntilAllStored: round(seconds),
    messagesPerSec: round(count / seconds),
    // CPU the local runtime spent until all were stored (with deliveries, they run at the same time),
    // per reminder: steadier than the rate on a shared machine.
    cpuSeconds: cpuUsed,
    cpuMsPerReminder: Object.fromEntries(
      Object.entries(cpuUsed).map(([name, s]) => [name, s === null ? null : round((s * 1000) / total)]),
    ),
  };
}

async function main() {
  const started = Date.now();
  const loadBefore = os.loadavg().map(round);
  progress('starting the local runtime');
  const stack = await startStack({ dataDir: await benchDataDir() });
  try {
    const state = await stack.state();
    const pool = new pg.Pool({ connectionString: state.databaseUrl, max: 2 });
    pool.on('error', () => undefined);
    // Two recipients: one who reads notifications in the app only (the pipeline alone: scheduler → SQS →
    // storer, what the goal is about), and one with the default channels, whose every reminder is also
    // sent by e-mail (the local mailbox) and looked up for Telegram while the rest is being stored.
    const inAppOnly = await registerBenchUser(stack.baseUrl, 'UTC');
    const preferences = await fetch(`${stack.baseUrl}/me/notification-preferences`, {
      method: 'PUT',
      headers: { ...inAppOnly.auth, 'content-type': 'application/json' },
      body: JSON.stringify({ channels: { '*': ['in_app'] } }),
    });
    if (preferences.status !== 200) throw new Error(`preferences: ${preferences.status}`);
    const everyChannel = await registerBenchUser(stack.baseUrl, 'UTC');

    progress('baseline: raw SQS receive+delete');
    const sqsBaseline = await rawSqs(state.sqsEndpoint, total);
    progress(`  ${JSON.stringify(sqsBaseline)}`);
    progress('baseline: raw batched PostgreSQL inserts');
    const pgBaseline = await rawPostgres(pool, inAppOnly.userId, total);
    progress(`  ${JSON.stringify(pgBaseline)}`);

    progress('the pipeline alone (in-app recipient)');
    const alone = await pipeline(stack, pool, inAppOnly.userId);
    progress(`  ${alone.messagesPerSec} msg/s`);
    progress('the pipeline with deliveries (default channels: e-mail and Telegram too)');
    const withDeliveries = await pipeline(stack, pool, everyChannel.userId);
    progress(`  ${withDeliveries.messagesPerSec} msg/s`);
    await pool.end();

    const slower = Math.min(sqsBaseline.receiveDeletePerSec, pgBaseline.insertsPerSec);
    const result = {
      bench: 'reminders',
      at: new Date().toISOString(),
      node: process.version,
      reminders: total,
      pipeline: alone,
      pipelineWithDeliveries: withDeliveries,
      baselines: { rawSqs: sqsBaseline, rawPostgres: pgBaseline },
      ratios: {
        pipelineVsRawSqsReceiveDelete: round(alone.messagesPerSec / sqsBaseline.receiveDeletePerSec),
        pipelineVsRawPostgresInsert: round(alone.messagesPerSec / pgBaseline.insertsPerSec),
        pipelineWithDeliveriesVsSlowerRawPart: round(withDeliveries.messagesPerSec / slower),
      },
      goals: {
        // issue 14: ≥ 0.5 × min(raw SQS receive+delete, raw batched insert), nothing lost or duplicated
        vsSlowerRawPart: {
          value: round(alone.messagesPerSec / slower),
          goal: '>= 0.5',
          met: alone.messagesPerSec / slower >= 0.5,
        },
        storedExactlyOnce: {
          value: Math.min(alone.stored, withDeliveries.stored),
          goal: `= ${total}, once each (both runs)`,
          met: alone.storedOncePerReminder && withDeliveries.storedOncePerReminder,
        },
      },
      durationSeconds: Math.round((Date.now() - started) / 1000),
      machine: {
        cpus: os.cpus().length,
        loadAverageBefore: loadBefore,
        loadAverageAfter: os.loadavg().map(round),
      },
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await disposeStack(stack);
  }
}

await main();
