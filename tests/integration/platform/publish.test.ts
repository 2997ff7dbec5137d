import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
} from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import { z } from 'zod';
import { sqsClient } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { publish, queueUrl } from '#platform/messaging/queues';

// publish() on queues of its own (created here, deleted after): a standard queue's batches go out
// several at a time, a FIFO queue's in order, and nothing is sent when one message breaks the contract.
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

/** The most SendMessageBatch calls in flight at once while `work` runs (each call held a moment). */
async function mostInFlight(work: () => Promise<void>) {
  const client = sqsClient();
  const send = client.send.bind(client);
  let inFlight = 0;
  let most = 0;
  const spy = jest.spyOn(client, 'send').mockImplementation((async (command: unknown) => {
    inFlight++;
    most = Math.max(most, inFlight);
    try {
      await new Promise((resolve) => setTimeout(resolve, 20));
      return await (send as (command: unknown) => Promise<unknown>)(command);
    } finally {
      inFlight--;
    }
  }) as never);
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return most;
}

afterAll(async () => {
  await Promise.all(created.map((QueueUrl) => sqsClient().send(new DeleteQueueCommand({ QueueUrl }))));
});

describe('publish', () => {
  it('sends every message of a standard queue exactly once when its batches go out together', async () => {
    const name = await ownQueue(false);
    const most = await mostInFlight(() =>
      publish(
        { name, schema },
        Array.from({ length: 95 }, (_, n) => ({ message: { n } })),
      ),
    );
    expect(most).toBe(4); // ten batches, four at a time
    const received = await receiveAll(name, 95);
    expect(received.sort((a, b) => a - b)).toEqual(Array.from({ length: 95 }, (_, n) => n));
    // Nothing more arrives.
    expect(await receiveAll(name, 1, 2)).toEqual([]);
  });

  it('keeps the given order on a FIFO queue across batches', async () => {
    const name = await ownQueue(true);
    const most = await mostInFlight(() =>
      publish(
        { name, schema },
        Array.from({ length: 35 }, (_, n) => ({ message: { n }, groupId: 'one', deduplicationId: `d${n}` })),
      ),
    );
    expect(most).toBe(1);
    expect(await receiveAll(name, 35)).toEqual(Array.from({ length: 35 }, (_, n) => n));
  });

  it('sends nothing when a message in a later batch breaks the queue contract', async () => {
    const name = await ownQueue(false);
    const items = Array.from({ length: 25 }, (_, n) => ({ message: { n } }));
    items[22] = { message: { n: 1.5 } };
    await expect(publish({ name, schema }, items)).rejects.toThrow();
    expect(await receiveAll(name, 1, 2)).toEqual([]);
  });
});
