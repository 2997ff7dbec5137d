import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import { z } from 'zod';
import { sqsClient } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { publish, queueUrl } from '#platform/messaging/queues';

// publish() on queues of its own (created here, deleted after): batches of ten in the given order, the
// first failed batch ends the publish, and a message that breaks the contract sends nothing.
const schema = z.object({ n: z.number().int() });
const created: string[] = [];

async function ownQueue(fifo: boolean) {
  const name = `publish-test-${randomUUID().slice(0, 8)}${fifo ? '.fifo' : ''}`;
  const { QueueUrl } = await sqsClient().send(
    new CreateQueueCommand({
      QueueName: `${platformConfig().QUEUE_PREFIX}${name}`,
      Attributes: fifo ? { FifoQueue: 'true' } : {},
    }),
  );
  created.push(QueueUrl!);
  return name;
}

/** Receives until `expected` have come (a FIFO group hands out few at a time) or `rounds` are spent. */
async function receiveAll(name: string, expected: number, rounds = 100) {
  const url = await queueUrl(name);
  const bodies: number[] = [];
  for (let round = 0; round < rounds && bodies.length < expected; round++) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    bodies.push(...Messages.map((message) => JSON.parse(message.Body!).n as number));
    if (Messages.length > 0) {
      await sqsClient().send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: Messages.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle!,
          })),
        }),
      );
    }
  }
  return bodies;
}

/** The SendMessageBatch calls `work` makes (their bodies), the `failing`-th one failing like a network blip. */
async function batchesSent(work: () => Promise<void>, failing?: number) {
  const client = sqsClient();
  const send = client.send.bind(client);
  const batches: number[][] = [];
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    if (command instanceof SendMessageBatchCommand) {
      batches.push(command.input.Entries!.map((entry) => JSON.parse(entry.MessageBody!).n as number));
      if (batches.length === failing) throw new Error('network blip');
    }
    return (send as (command: unknown) => Promise<unknown>)(command);
  }) as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return batches;
}

afterAll(async () => {
  await Promise.all(created.map((QueueUrl) => sqsClient().send(new DeleteQueueCommand({ QueueUrl }))));
});

describe('publish', () => {
  it('sends every message of a standard queue exactly once, in batches of ten', async () => {
    const name = await ownQueue(false);
    const batches = await batchesSent(() =>
      publish(
        { name, schema },
        Array.from({ length: 95 }, (_, n) => ({ message: { n } })),
      ),
    );
    expect(batches.map((batch) => batch.length)).toEqual([...Array(9).fill(10), 5]);
    const received = await receiveAll(name, 95);
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 95 }, (_, n) => n));
    expect(await receiveAll(name, 1, 2)).toEqual([]); // nothing more arrives
  });

  it('keeps the given order on a FIFO queue across batches', async () => {
    const name = await ownQueue(true);
    await publish(
      { name, schema },
      Array.from({ length: 35 }, (_, n) => ({ message: { n }, groupId: 'one', deduplicationId: `d${n}` })),
    );
    expect(await receiveAll(name, 35)).toEqual(Array.from({ length: 35 }, (_, n) => n));
  });

  it('sends nothing after a failed batch (a retry must not be overtaken by the later ones)', async () => {
    const name = await ownQueue(true);
    const items = Array.from({ length: 25 }, (_, n) => ({
      message: { n },
      groupId: 'one',
      deduplicationId: `d${n}`,
    }));
    const batches = await batchesSent(
      () => expect(publish({ name, schema }, items)).rejects.toThrow('network blip'),
      1,
    );
    expect(batches).toHaveLength(1);
    expect(await receiveAll(name, 1, 2)).toEqual([]);
  });

  it('sends nothing when a message in a later batch breaks the queue contract', async () => {
    const name = await ownQueue(false);
    const items = Array.from({ length: 25 }, (_, n) => ({ message: { n } }));
    items[22] = { message: { n: 1.5 } };
    await expect(publish({ name, schema }, items)).rejects.toThrow();
    expect(await receiveAll(name, 1, 2)).toEqual([]);
  });
});
