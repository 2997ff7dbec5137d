// `npm run bench -- telegram-delivery [--notifications 1000] [--users 20]`
// N notifications for Telegram-linked users, sent to the notifications queue of a real local stack →
// storer (+ outbox) → deliveries queue → deliverNotification → the fake Bot API: time until the fake
// accepted all N, deliveries/s, against the raw rate the same fake accepts sendMessage calls (10 clients)
// in the same run. The figure is --notifications 10000 (several minutes on 2 cores).
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { request } from '../tests/support/http.js';
import { disposeStack, startStack } from '../tests/support/stack.js';

const { values } = parseArgs({
  options: { notifications: { type: 'string', default: '1000' }, users: { type: 'string', default: '20' } },
});
const total = Number(values.notifications);
const userCount = Number(values.users);
const progress = (line: string) => process.stderr.write(`[telegram-delivery] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;
const TIMEOUT_MS = 15 * 60_000;

async function benchDataDir() {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dir, 0o755);
  return dir;
}

/** Baseline: sendMessage straight at the fake, 10 concurrent clients. */
async function rawFakeRate(fakeUrl: string, count: number) {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next += 1;
      const response = await fetch(`${fakeUrl}/botbench:token/sendMessage`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          chat_id: 1,
          text: '<b>Stand-up starts in 10 minutes</b>',
          parse_mode: 'HTML',
        }),
      });
      await response.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: 10 }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { messages: count, seconds: round(seconds), perSecond: round(count / seconds) };
}

const accepted = async (fakeUrl: string) =>
  ((await (await fetch(`${fakeUrl}/fake/stats`)).json()) as { result: { accepted: number } }).result.accepted;

const stack = await startStack({ dataDir: await benchDataDir() });
try {
  const channels = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'channels.json'), 'utf8'));
  const fakeUrl = channels.telegramFakeUrl as string;
  progress(`linking ${userCount} users`);
  const users: string[] = [];
  for (let i = 0; i < userCount; i += 1) {
    const registered = await request<{ token: string; user: { id: string } }>(
      stack.baseUrl,
      'POST',
      '/auth/register',
      {
        body: {
          email: `bench-${randomUUID()}@example.com`,
          password: 'correct horse battery staple',
          name: 'Bench',
        },
      },
    );
    const link = await request<{ code: string }>(stack.baseUrl, 'POST', '/me/telegram/link', {
      token: registered.json.token,
    });
    await fetch(`${fakeUrl}/fake/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: 7_000_000 + i, text: `/start ${link.json.code}` }),
    });
    users.push(registered.json.user.id);
  }
  const before = await accepted(fakeUrl);

  const state = await stack.state();
  const sqs = new SQSClient({
    endpoint: state.sqsEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'syncore-local-notifications' }));
  progress(`sending ${total} notifications`);
  const started = performance.now();
  const run = randomUUID().slice(0, 8);
  for (let offset = 0; offset < total; offset += 10) {
    const entries = Array.from({ length: Math.min(10, total - offset) }, (_, index) => {
      const n = offset + index;
      return {
        Id: String(index),
        MessageBody: JSON.stringify({
          notificationId: `bench:${run}:${n}`,
          recipientId: users[n % users.length],
          source: 'bench',
          type: 'calendar.reminder',
          title: `Stand-up ${n} starts in 10 minutes`,
          data: {},
          dueAt: new Date().toISOString(),
          channels: ['in_app', 'telegram'],
        }),
      };
    });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
  }
  let delivered = 0;
  while (delivered < total && performance.now() - started < TIMEOUT_MS) {
    await sleep(500);
    delivered = (await accepted(fakeUrl)) - before;
    progress(`${delivered}/${total} delivered`);
  }
  const seconds = (performance.now() - started) / 1000;
  const raw = await rawFakeRate(fakeUrl, Math.min(total, 5_000));
  const deliveriesPerSecond = round(delivered / seconds);
  process.stdout.write(
    `${JSON.stringify(
      {
        bench: 'telegram-delivery',
        notifications: total,
        linkedUsers: userCount,
        delivered,
        complete: delivered === total,
        seconds: round(seconds),
        deliveriesPerSecond,
        rawFakeApi: raw,
        ratioToRaw: round(deliveriesPerSecond / raw.perSecond),
        machine: { cpus: os.cpus().length, node: process.version },
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await disposeStack(stack);
}
