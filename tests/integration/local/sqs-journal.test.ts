import fs from 'node:fs/promises';
import path from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  type Message,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { type Emulator, startSqsEmulator } from '../../../local/emulators.js';
import { freePort } from '../../../local/processes.js';
import { localSqsClient, type QueueInfo } from '../../../local/resources.js';
import { JOURNAL_FILE, replayJournals, rotateJournal } from '../../../local/sqs-journal.js';
import { disposeDir, makeTempDir } from '../../support/temp-dirs.js';

// The journal with the real fauxqs emulator (its own, on a free port), restarted as `npm start` does:
// rotate the journal, start the emulator, create the queues, replay (local/runtime.ts).

const STANDARD = 'journal-notifications';
const FIFO = 'journal-order-status.fifo';
const FIFO_DLQ = 'journal-order-status-dlq.fifo';

interface Run {
  sqs: SQSClient;
  queues: Record<string, QueueInfo>;
  replayed: number;
  stop(): Promise<void>;
}

let dataDir: string;
let current: { emulator: Emulator; sqs: SQSClient } | undefined;

/** A start of the runtime: rotate, emulator, queues (as resources.ts would create them), replay. */
async function start(options: { replay?: boolean; maxSize?: number } = {}): Promise<Run> {
  await rotateJournal(dataDir);
  const emulator = await startSqsEmulator(await freePort(), undefined, path.join(dataDir, JOURNAL_FILE));
  const sqs = localSqsClient(emulator.endpoint);
  current = { emulator, sqs };
  const create = async (name: string, attributes: Record<string, string> = {}): Promise<QueueInfo> => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
    const arn = `arn:aws:sqs:eu-central-1:000000000000:${name}`;
    return { logicalId: name, name, url: QueueUrl!, arn };
  };
  const queues = {
    [STANDARD]: await create(STANDARD, { MaximumMessageSize: String(options.maxSize ?? 1024) }),
    [FIFO_DLQ]: await create(FIFO_DLQ, { FifoQueue: 'true' }),
    [FIFO]: await create(FIFO, {
      FifoQueue: 'true',
      RedrivePolicy: JSON.stringify({
        deadLetterTargetArn: `arn:aws:sqs:eu-central-1:000000000000:${FIFO_DLQ}`,
        maxReceiveCount: 1,
      }),
    }),
  };
  const replayed = options.replay === false ? 0 : await replayJournals(sqs, Object.values(queues), dataDir);
  return {
    sqs,
    queues,
    replayed,
    stop: async () => {
      sqs.destroy();
      await emulator.stop();
      current = undefined;
    },
  };
}

/** Receives (and deletes, so a FIFO group hands out its next one) until the queue is empty. */
async function drain(run: Run, queue: string): Promise<Message[]> {
  const received: Message[] = [];
  for (;;) {
    const { Messages = [] } = await run.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: run.queues[queue]!.url,
        MaxNumberOfMessages: 10,
        MessageSystemAttributeNames: ['MessageGroupId'],
      }),
    );
    if (Messages.length === 0) return received;
    received.push(...Messages);
    for (const message of Messages) {
      await run.sqs.send(
        new DeleteMessageCommand({ QueueUrl: run.queues[queue]!.url, ReceiptHandle: message.ReceiptHandle! }),
      );
    }
  }
}

const visible = async (run: Run, queue: string) =>
  Number(
    (
      await run.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: run.queues[queue]!.url,
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

const groupsAndBodies = (messages: Message[]) =>
  messages.map((message) => [message.Attributes?.MessageGroupId, message.Body]);

beforeEach(async () => {
  dataDir = await makeTempDir('sqs-journal');
});
afterEach(async () => {
  current?.sqs.destroy();
  await current?.emulator.stop();
  current = undefined;
  await disposeDir(dataDir);
});

describe('the SQS journal across restarts of the real emulator', () => {
  it('keeps FIFO messages, DLQ included, with their group ids and order', async () => {
    const first = await start();
    await first.sqs.send(
      new SendMessageCommand({ QueueUrl: first.queues[STANDARD]!.url, MessageBody: 'plain' }),
    );
    const fifo = first.queues[FIFO]!.url;
    const send = (group: string, body: string) =>
      first.sqs.send(
        new SendMessageCommand({
          QueueUrl: fifo,
          MessageBody: body,
          MessageGroupId: group,
          MessageDeduplicationId: body,
        }),
      );
    await send('order-1', 'poison');
    await send('order-1', 'order-1 a');
    await send('order-2', 'order-2 a');
    await send('order-1', 'order-1 b');
    await first.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: fifo,
        Entries: [
          { Id: '0', MessageBody: 'order-2 b', MessageGroupId: 'order-2', MessageDeduplicationId: 'b2' },
          { Id: '1', MessageBody: 'order-3 a', MessageGroupId: 'order-3', MessageDeduplicationId: 'a3' },
        ],
      }),
    );
    // Received twice without a delete (maxReceiveCount 1): moved to the DLQ, as the poller would.
    for (let receive = 0; receive < 2; receive++) {
      await first.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: fifo, MaxNumberOfMessages: 1, VisibilityTimeout: 0 }),
      );
    }
    expect(await visible(first, FIFO_DLQ)).toBe(1);
    await first.stop();

    const second = await start();
    expect(second.replayed).toBe(7);
    await second.stop();
    // Replayed messages are journaled again by the new run: a further restart has each of them once.
    const third = await start();
    expect(third.replayed).toBe(7);
    const received = await drain(third, FIFO);
    const byGroup = (group: string) =>
      received.filter((message) => message.Attributes?.MessageGroupId === group);
    expect(groupsAndBodies(byGroup('order-1'))).toEqual([
      ['order-1', 'order-1 a'],
      ['order-1', 'order-1 b'],
    ]);
    expect(groupsAndBodies(byGroup('order-2'))).toEqual([
      ['order-2', 'order-2 a'],
      ['order-2', 'order-2 b'],
    ]);
    expect(groupsAndBodies(byGroup('order-3'))).toEqual([['order-3', 'order-3 a']]);
    expect(received).toHaveLength(5);
    expect(groupsAndBodies(await drain(third, FIFO_DLQ))).toEqual([['order-1', 'poison']]);
    expect((await drain(third, STANDARD)).map((message) => message.Body)).toEqual(['plain']);
    await third.stop();

    // Everything was deleted: nothing comes back.
    const fourth = await start();
    expect(fourth.replayed).toBe(0);
  });

  it('replays a FIFO message journaled without a group id (before they were kept) in group "replayed"', async () => {
    const put = { op: 'put', id: 'old-1', queue: FIFO_DLQ, body: 'from an older journal' };
    await fs.writeFile(path.join(dataDir, JOURNAL_FILE), `${JSON.stringify(put)}\n`);
    const run = await start();
    expect(run.replayed).toBe(1);
    expect(groupsAndBodies(await drain(run, FIFO_DLQ))).toEqual([['replayed', 'from an older journal']]);
  });

  it('does not bring purged messages back', async () => {
    const first = await start();
    const url = first.queues[STANDARD]!.url;
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'handled 1' }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'handled 2' }));
    await first.sqs.send(
      new SendMessageCommand({
        QueueUrl: first.queues[FIFO]!.url,
        MessageBody: 'other queue',
        MessageGroupId: 'g',
        MessageDeduplicationId: 'd',
      }),
    );
    await first.sqs.send(new PurgeQueueCommand({ QueueUrl: url }));
    await first.sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: 'after the purge' }));
    await first.stop();

    const second = await start();
    expect(second.replayed).toBe(2);
    expect((await drain(second, STANDARD)).map((message) => message.Body)).toEqual(['after the purge']);
    expect(groupsAndBodies(await drain(second, FIFO))).toEqual([['g', 'other queue']]);
  });

  it('fails a replay it cannot finish naming the file, and sends nothing twice when started again', async () => {
    // Twelve messages for one queue, then one its (now smaller) MaximumMessageSize rejects.
    const puts = [
      ...Array.from({ length: 12 }, (_, n) => ({
        op: 'put',
        id: `m${n}`,
        queue: FIFO,
        body: `m${n}`,
        group: 'g',
      })),
      { op: 'put', id: 'big', queue: STANDARD, body: 'x'.repeat(2048) },
    ];
    await fs.writeFile(
      path.join(dataDir, JOURNAL_FILE),
      puts.map((put) => `${JSON.stringify(put)}\n`).join(''),
    );

    for (let attempt = 0; attempt < 2; attempt++) {
      const run = await start({ replay: false });
      const replay = replayJournals(run.sqs, Object.values(run.queues), dataDir);
      await expect(replay).rejects.toThrow(
        /could not send again .*: 1 message\(s\) of journal-notifications in .*sqs-journal\.ndjson\.replay-\d+: .*shorter than 1024 bytes.*move the files out of/,
      );
      expect(await visible(run, FIFO)).toBe(12); // the other queues were replayed, once
      await run.stop();
    }
    // The cause fixed (the queue takes the message again): the rest is sent, nothing twice.
    const fixed = await start({ maxSize: 4096 });
    expect(fixed.replayed).toBe(13);
    expect((await drain(fixed, FIFO)).map((message) => message.Body)).toEqual(
      puts.slice(0, 12).map((put) => put.body),
    );
    expect(await drain(fixed, STANDARD)).toHaveLength(1);
  });
});
