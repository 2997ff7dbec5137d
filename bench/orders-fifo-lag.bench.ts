// `npm run bench -- orders-fifo-lag [--rate 10] [--seconds 15]`
// Order-status event lag through the local runtime at a fixed order rate: `rate` POST /orders per second
// (open loop) for `seconds`; each order's `awaiting_payment` event goes outbox → SQS FIFO (fauxqs) →
// the local poller → notifyOrderStatus. Lag = when the consumer applied the event (its cursor's
// clock_timestamp) − when the order changed status. Baseline in the same run, same emulator: raw FIFO
// send → receive lag of the same number of messages at the same rate (a bench queue, one message group
// per "order", a long-polling receiver that deletes what it gets). Prints one JSON document on stdout.
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
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import pg from 'pg';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { registerUser } from './support/closed-loop.js';

const { values } = parseArgs({
  options: { rate: { type: 'string', default: '10' }, seconds: { type: 'string', default: '15' } },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const TOTAL = RATE * SECONDS;
const FIRST_SKU = 1_000_001;
const progress = (line: string) => process.stderr.write(`[orders-fifo-lag] ${line}\n`);
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;
const round1 = (n: number) => Math.round(n * 10) / 10;
const summary = (lags: number[]) => {
  const sorted = [...lags].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: round1(percentile(sorted, 50)),
    p99: round1(percentile(sorted, 99)),
    max: round1(sorted.at(-1) ?? 0),
  };
};

/** Calls `fire(i)` TOTAL times at RATE per second on a fixed schedule, whatever each call takes. */
async function openLoop(fire: (i: number) => Promise<void>) {
  const started = performance.now();
  const calls: Promise<void>[] = [];
  for (let i = 0; i < TOTAL; i++) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    calls.push(fire(i));
  }
  await Promise.all(calls);
}

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
await fs.chmod(dataDir, 0o755);
progress('starting the local runtime');
const stack = await startStack({ dataDir });
try {
  const { baseUrl } = stack;
  const state = await stack.state();
  const { token } = await registerUser(baseUrl);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const pool = new pg.Pool({ connectionString: state.databaseUrl, max: 2 });
  pool.on('error', () => undefined);

  progress(`${TOTAL} orders at ${RATE}/s through the runtime`);
  const orderIds: string[] = [];
  let failedRequests = 0;
  await openLoop(async (i) => {
    const response = await fetch(`${baseUrl}/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ items: [{ sku: FIRST_SKU + (i % 9_000), count: 1 }] }),
    });
    const body = (await response.json()) as { id?: string };
    if (response.status === 201 && body.id) orderIds.push(body.id);
    else failedRequests++;
  });
  const deadline = Date.now() + 60_000;
  let rows: { lag_ms: number }[] = [];
  for (;;) {
    rows = (
      await pool.query(
        `select extract(epoch from (c.updated_at - o.updated_at)) * 1000 as lag_ms
           from orders o join order_status_cursors c on c.order_id = o.id
          where o.id = any($1::uuid[]) and c.last_seq = 2`,
        [orderIds],
      )
    ).rows;
    if (rows.length === orderIds.length || Date.now() > deadline) break;
    await sleep(200);
  }
  const pipeline = summary(rows.map((row) => Number(row.lag_ms)));

  progress(`baseline: ${TOTAL} raw FIFO send → receive at ${RATE}/s`);
  const sqs = new SQSClient({
    endpoint: state.sqsEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: `bench-raw-${randomUUID().slice(0, 8)}.fifo`,
      Attributes: { FifoQueue: 'true' },
    }),
  );
  const rawLags: number[] = [];
  let receiving = true;
  const receiver = (async () => {
    while (receiving || rawLags.length < TOTAL) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      const now = Date.now();
      for (const message of Messages) rawLags.push(now - Number(JSON.parse(message.Body!).sentAt));
      if (Messages.length > 0)
        await sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle!,
            })),
          }),
        );
      if (!receiving && Messages.length === 0) break;
    }
  })();
  await openLoop(async () => {
    const id = randomUUID();
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: JSON.stringify({ sentAt: Date.now() }),
        MessageGroupId: id,
        MessageDeduplicationId: id,
      }),
    );
  });
  receiving = false;
  await receiver;
  await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  sqs.destroy();
  await pool.end();

  const raw = summary(rawLags);
  const result = {
    bench: 'orders-fifo-lag',
    machine: { cpus: os.cpus().length, node: process.version },
    rate: { ordersPerSecond: RATE, seconds: SECONDS, orders: TOTAL, failedRequests },
    outboxToConsumerLagMs: { ...pipeline, allApplied: pipeline.n === orderIds.length },
    baselineRawFifoSendReceiveLagMs: raw,
    p99Ratio: raw.p99 > 0 ? round1(pipeline.p99 / raw.p99) : null,
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disposeStack(stack);
}
