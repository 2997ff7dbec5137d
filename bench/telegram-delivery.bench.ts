// `npm run bench -- telegram-delivery [--notifications 10000] [--users 20]`
// N notifications for Telegram-linked users, sent to the notifications queue of a real local stack →
// storer (+ outbox) → deliveries queue → deliverNotification → the fake Bot API: time until the fake
// accepted all N, deliveries/s, against the raw rate the same fake accepts sendMessage calls (10 clients)
// in the same run. Every notification must reach its user's chat exactly once: checked per message from
// the fake's record of each chat (a title carries the run and the notification's number).
// Prints one JSON document on stdout (also bench/results/telegram-delivery.json); progress goes to
// stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { request } from '../tests/support/http.js';
import { disposeStack, startStack } from '../tests/support/stack.js';
import { cpuMeter } from './support/process-cpu.js';

const { values } = parseArgs({
  options: { notifications: { type: 'string', default: '10000' }, users: { type: 'string', default: '20' } },
});
const total = Number(values.notifications);
const userCount = Number(values.users);
const progress = (line: string) => process.stderr.write(`[telegram-delivery] ${line}\n`);
const round = (n: number) => Math.round(n * 100) / 100;
const TIMEOUT_MS = 20 * 60_000;
/** Give up when nothing more was delivered for this long (something is stuck; the JSON says how far it got). */
const STALL_MS = 120_000;

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

/** Every message the fake accepted for the users' chats, counted per notification (the title's marker). */
async function countPerNotification(fakeUrl: string, chatIds: number[], run: string) {
  const counts = new Map<number, number>();
  const marker = new RegExp(`\\[${run}\\] #(\\d+) `);
  for (const chatId of chatIds) {
    const answer = (await (await fetch(`${fakeUrl}/fake/chats/${chatId}/messages`)).json()) as {
      result: { kind: string; text?: string }[];
    };
    for (const event of answer.result) {
      const n = event.kind === 'message' ? marker.exec(event.text ?? '')?.[1] : undefined;
      if (n !== undefined) counts.set(Number(n), (counts.get(Number(n)) ?? 0) + 1);
    }
  }
  const perMessage = { once: 0, missing: 0, duplicated: 0 };
  for (let n = 0; n < total; n += 1) {
    const count = counts.get(n) ?? 0;
    if (count === 1) perMessage.once += 1;
    else if (count === 0) perMessage.missing += 1;
    else perMessage.duplicated += 1;
  }
  return perMessage;
}

const accepted = async (fakeUrl: string) =>
  ((await (await fetch(`${fakeUrl}/fake/stats`)).json()) as { result: { accepted: number } }).result.accepted;

const loadBefore = os.loadavg().map(round);
const stack = await startStack({ dataDir: await benchDataDir() });
try {
  const channels = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'channels.json'), 'utf8'));
  const fakeUrl = channels.telegramFakeUrl as string;
  progress(`linking ${userCount} users`);
  const users: string[] = [];
  const chatIds: number[] = [];
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
    // Telegram is the channel these users chose (without a choice every channel is tried: e-mail too).
    await request(stack.baseUrl, 'PUT', '/me/notification-preferences', {
      token: registered.json.token,
      body: { channels: { '*': ['telegram'] } },
    });
    const link = await request<{ code: string }>(stack.baseUrl, 'POST', '/me/telegram/link', {
      token: registered.json.token,
    });
    await fetch(`${fakeUrl}/fake/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ chatId: 7_000_000 + i, text: `/start ${link.json.code}` }),
    });
    users.push(registered.json.user.id);
    chatIds.push(7_000_000 + i);
  }
  // The welcome notifications of the registrations go out too: let them settle before counting.
  let before = await accepted(fakeUrl);
  for (let stable = 0; stable < 4; ) {
    await sleep(500);
    const now = await accepted(fakeUrl);
    stable = now === before ? stable + 1 : 0;
    before = now;
  }

  const state = await stack.state();
  const sqs = new SQSClient({
    endpoint: state.sqsEndpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const { QueueUrl } = await sqs.send(new GetQueueUrlCommand({ QueueName: 'syncore-local-notifications' }));
  progress(`sending ${total} notifications`);
  const cpu = cpuMeter({ runtime: state.pid, serverlessOffline: state.offlinePid });
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
          title: `[${run}] #${n} Stand-up starts in 10 minutes`,
          data: {},
          dueAt: new Date().toISOString(),
          channels: ['in_app', 'telegram'],
        }),
      };
    });
    await sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: entries }));
  }
  const enqueueSeconds = (performance.now() - started) / 1000;
  let delivered = 0;
  let lastChange = performance.now();
  while (delivered < total && performance.now() - started < TIMEOUT_MS) {
    await sleep(500);
    const now = (await accepted(fakeUrl)) - before;
    if (now !== delivered) lastChange = performance.now();
    delivered = now;
    if (performance.now() - lastChange > STALL_MS) break;
    progress(`${delivered}/${total} delivered`);
  }
  const seconds = (performance.now() - started) / 1000;
  const cpuUsed = cpu();
  sqs.destroy();
  // Give stragglers (a duplicate would arrive after the last expected message) a moment, then count.
  await sleep(2_000);
  const perMessage = await countPerNotification(fakeUrl, chatIds, run);
  const raw = await rawFakeRate(fakeUrl, Math.min(total, 5_000));
  const deliveriesPerSecond = round(delivered / seconds);
  const result = {
    bench: 'telegram-delivery',
    at: new Date().toISOString(),
    notifications: total,
    linkedUsers: userCount,
    delivered,
    perMessage,
    enqueueSeconds: round(enqueueSeconds),
    seconds: round(seconds),
    deliveriesPerSecond,
    // CPU the local runtime spent storing and delivering, per notification (steadier than the rate).
    cpuSeconds: cpuUsed,
    cpuMsPerNotification: Object.fromEntries(
      Object.entries(cpuUsed).map(([name, s]) => [name, s === null ? null : round((s * 1000) / total)]),
    ),
    rawFakeApi: raw,
    ratioToRaw: round(deliveriesPerSecond / raw.perSecond),
    goals: {
      deliveredExactlyOnce: {
        value: perMessage.once,
        goal: `= ${total}, once each`,
        met: perMessage.once === total && perMessage.duplicated === 0,
      },
    },
    machine: {
      cpus: os.cpus().length,
      node: process.version,
      loadAverageBefore: loadBefore,
      loadAverageAfter: os.loadavg().map(round),
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disposeStack(stack);
}
