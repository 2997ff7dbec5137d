import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { REGION } from '../../../local/config.js';
import type { Invoke } from '../../../local/lambda.js';
import { localSqsClient } from '../../../local/resources.js';
import { type BatchLog, SqsPoller, type SqsSubscription } from '../../../local/sqs-poller.js';

// Against the real SQS emulator of globalSetup; each test creates its own queues.
const MAX_RECEIVE_COUNT = 3;
let sqs: SQSClient;

beforeAll(() => {
  sqs = localSqsClient(process.env.SQS_ENDPOINT!);
});
afterAll(() => sqs.destroy());

async function queueArn(url: string): Promise<string> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return Attributes!.QueueArn!;
}

/** A queue with a 1 s visibility timeout (fast redelivery) and a DLQ after MAX_RECEIVE_COUNT receives. */
async function createQueuePair() {
  const name = `poller-test-${randomUUID()}`;
  const { QueueUrl: dlqUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const redrive = { deadLetterTargetArn: await queueArn(dlqUrl!), maxReceiveCount: MAX_RECEIVE_COUNT };
  const { QueueUrl: url } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: '1', RedrivePolicy: JSON.stringify(redrive) },
    }),
  );
  return { url: url!, arn: await queueArn(url!), dlqUrl: dlqUrl! };
}

async function sendBodies(url: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const entries = bodies.slice(i, i + 10).map((body, index) => ({
      Id: String(index),
      MessageBody: body,
      MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
    }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: entries }));
  }
}

async function queueDepth(url: string): Promise<number> {
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return (
    Number(Attributes!.ApproximateNumberOfMessages) +
    Number(Attributes!.ApproximateNumberOfMessagesNotVisible)
  );
}

async function waitFor(condition: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (await condition()) return;
    await sleep(100);
  }
  throw new Error(`gave up waiting for ${what}`);
}

function subscription(queue: { url: string; arn: string }, functionKey = 'consumer'): SqsSubscription {
  return {
    functionKey,
    queueUrl: queue.url,
    queueArn: queue.arn,
    batchSize: 10,
    maximumBatchingWindow: 0,
    reportBatchItemFailures: true,
  };
}

/** A fake function: records what it saw and reports the records `fails` picks as failed. */
function fakeFunction(fails: (body: string) => boolean) {
  const events: SQSEvent[] = [];
  const invoke: Invoke = async (_functionKey, event) => {
    const sqsEvent = event as SQSEvent;
    events.push(sqsEvent);
    const failed = sqsEvent.Records.filter((record) => fails(record.body));
    return { payload: { batchItemFailures: failed.map((record) => ({ itemIdentifier: record.messageId })) } };
  };
  const bodies = () => events.flatMap((event) => event.Records.map((record) => record.body));
  return { invoke, events, bodies };
}

function startPoller(invoke: Invoke, subscriptions: SqsSubscription[]) {
  const logs: BatchLog[] = [];
  const poller = new SqsPoller({
    sqs,
    invoke,
    region: REGION,
    log: (entry) => logs.push(entry),
    waitTimeSeconds: 1,
  });
  poller.start(subscriptions);
  return { poller, logs };
}

describe('SqsPoller against the SQS emulator', () => {
  it('deletes the successful records, redelivers the failing one and moves it to the DLQ', async () => {
    // Prepare
    const queue = await createQueuePair();
    const bodies = Array.from({ length: 25 }, (_, i) => `message-${i}`);
    await sendBodies(queue.url, [...bodies, 'poison']);
    const fn = fakeFunction((body) => body === 'poison');

    // Act
    const { poller } = startPoller(fn.invoke, [subscription(queue)]);
    await waitFor(async () => (await queueDepth(queue.dlqUrl)) === 1, 'the poison message in the DLQ');
    await waitFor(async () => (await queueDepth(queue.url)) === 0, 'an empty source queue');
    await poller.stop();

    // Assess
    const seen = fn.bodies();
    expect(seen.filter((body) => body !== 'poison').sort()).toEqual([...bodies].sort()); // each exactly once
    expect(seen.filter((body) => body === 'poison')).toHaveLength(MAX_RECEIVE_COUNT);
    const { Messages } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1 }),
    );
    expect(Messages?.map((message) => message.Body)).toEqual(['poison']);
  });

  it('delivers records in the shape Lambda gives an SQS-triggered function', async () => {
    const queue = await createQueuePair();
    await sendBodies(queue.url, ['{"hello":"world"}']);
    const fn = fakeFunction(() => false);

    const { poller } = startPoller(fn.invoke, [subscription(queue)]);
    await waitFor(() => fn.events.length > 0, 'an invocation');
    await poller.stop();

    const record = fn.events[0]!.Records[0]!;
    expect(record).toMatchObject({
      body: '{"hello":"world"}',
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
      attributes: { ApproximateReceiveCount: '1' },
      messageAttributes: {
        kind: { stringValue: 'test', dataType: 'String', stringListValues: [], binaryListValues: [] },
      },
    });
    expect(record.attributes).toHaveProperty('SentTimestamp');
    expect(record.attributes).toHaveProperty('ApproximateFirstReceiveTimestamp');
    expect(record.messageId).toEqual(expect.any(String));
    expect(record.receiptHandle).toEqual(expect.any(String));
  });

  it('deletes nothing when the invocation fails, so every record is delivered again', async () => {
    const queue = await createQueuePair();
    await sendBodies(queue.url, ['a', 'b', 'c']);
    let calls = 0;
    const seen: string[] = [];
    const invoke: Invoke = async (_key, event) => {
      calls++;
      seen.push(...(event as SQSEvent).Records.map((record) => record.body));
      if (calls === 1) return { functionError: 'Unhandled', payload: { errorMessage: 'boom' } };
      return { payload: { batchItemFailures: [] } };
    };

    const { poller, logs } = startPoller(invoke, [subscription(queue)]);
    await waitFor(async () => calls >= 2 && (await queueDepth(queue.url)) === 0, 'a successful retry');
    await poller.stop();

    expect(logs[0]).toMatchObject({ failed: 3, deleted: 0, error: 'Unhandled: boom' });
    expect(seen.filter((body) => body === 'a')).toHaveLength(2);
    expect(await queueDepth(queue.dlqUrl)).toBe(0);
  });

  it('keeps up with a backlog of a thousand messages without losing any', async () => {
    const queue = await createQueuePair();
    const bodies = Array.from({ length: 1000 }, (_, i) => `bulk-${i}`);
    await sendBodies(queue.url, bodies);
    const fn = fakeFunction(() => false);

    const { poller } = startPoller(fn.invoke, [subscription(queue)]);
    await waitFor(async () => (await queueDepth(queue.url)) === 0, 'the backlog to drain');
    await poller.stop();

    expect(new Set(fn.bodies())).toEqual(new Set(bodies));
  });
});
