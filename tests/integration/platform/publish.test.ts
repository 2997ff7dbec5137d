import { DeleteQueueCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import { sqsClient } from '#platform/aws/clients';
import { publish } from '#platform/messaging/queues';
import { createQueue, drainAll, queueName, testMessage as schema } from './outbox-sqs.js';

// publish() on queues of its own (created here, deleted after): batches of ten in the given order, the
// first failed batch ends the publish, and a message that breaks the contract sends nothing.
const created: string[] = [];
const marker = 'publish';

async function ownQueue(fifo: boolean) {
  const name = `${queueName('publish-test')}${fifo ? '.fifo' : ''}`;
  const url = await createQueue(sqsClient(), name);
  created.push(url);
  return { name, url };
}

const received = async (url: string) => (await drainAll(sqsClient(), url)).map((body) => body.n);

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
    const { name, url } = await ownQueue(false);
    const batches = await batchesSent(() =>
      publish(
        { name, schema },
        Array.from({ length: 95 }, (_, n) => ({ message: { marker, n } })),
      ),
    );
    expect(batches.map((batch) => batch.length)).toEqual([...Array(9).fill(10), 5]);
    expect((await received(url)).sort((a, b) => a - b)).toEqual(Array.from({ length: 95 }, (_, n) => n));
  });

  it('keeps the given order on a FIFO queue across batches', async () => {
    const { name, url } = await ownQueue(true);
    await publish(
      { name, schema },
      Array.from({ length: 35 }, (_, n) => ({
        message: { marker, n },
        groupId: 'one',
        deduplicationId: `d${n}`,
      })),
    );
    expect(await received(url)).toEqual(Array.from({ length: 35 }, (_, n) => n));
  });

  it('sends nothing after a failed batch (a retry must not be overtaken by the later ones)', async () => {
    const { name, url } = await ownQueue(true);
    const items = Array.from({ length: 25 }, (_, n) => ({
      message: { marker, n },
      groupId: 'one',
      deduplicationId: `d${n}`,
    }));
    const batches = await batchesSent(
      () => expect(publish({ name, schema }, items)).rejects.toThrow('network blip'),
      1,
    );
    expect(batches).toHaveLength(1);
    expect(await received(url)).toEqual([]);
  });

  it('sends nothing when a message in a later batch breaks the queue contract', async () => {
    const { name, url } = await ownQueue(false);
    const items = Array.from({ length: 25 }, (_, n) => ({ message: { marker, n } }));
    items[22] = { message: { marker, n: 'twenty-two' as unknown as number } };
    await expect(publish({ name, schema }, items)).rejects.toThrow();
    expect(await received(url)).toEqual([]);
  });
});
