import { randomBytes, randomUUID } from 'node:crypto';
import { ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { getDb } from '#platform/db/index';
import { enqueueEach, relay } from '#platform/messaging/outbox';
import { makeTempDir } from '../../support/temp-dirs.js';
import { createQueue, directSqs, queueName, testMessage } from './outbox-sqs.js';

// Rows written for many requests at once (a consumer storing a whole SQS batch) are relayed together:
// each message must still carry its own request's correlation id and trace context.
let sqs: SQSClient;
beforeAll(async () => {
  // Tracing on for this file (read on first use): producer spans, traceparent attributes.
  process.env.SYNCORE_TRACE_DIR = await makeTempDir('relay-traces');
  sqs = directSqs(process.env.SQS_ENDPOINT!);
});
afterAll(() => sqs.destroy());

const traceparent = () => `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`;

describe('relaying rows of different requests together', () => {
  it('sends each message with the correlation id and trace of the request that wrote it', async () => {
    const db = await getDb();
    const name = queueName('mixed');
    const url = await createQueue(sqs, name);
    const marker = randomUUID();
    const origins = Array.from({ length: 3 }, (_, i) => ({
      correlationId: `corr-${i}`,
      traceparent: traceparent(),
    }));
    const entries = Array.from({ length: 12 }, (_, n) => ({ message: { marker, n }, ...origins[n % 3]! }));
    const ids = await db
      .transaction()
      .execute((trx) => enqueueEach(trx, { name, schema: testMessage }, entries));

    expect(await relay(db, { ids })).toEqual({ sent: 12, failed: 0 });

    const received: { n: number; correlationId?: string; traceparent?: string }[] = [];
    for (let round = 0; round < 20 && received.length < 12; round++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 1,
          MessageAttributeNames: ['All'],
        }),
      );
      for (const item of Messages) {
        received.push({
          n: testMessage.parse(JSON.parse(item.Body!)).n,
          correlationId: item.MessageAttributes?.correlationId?.StringValue,
          traceparent: item.MessageAttributes?.traceparent?.StringValue,
        });
      }
    }
    expect(received.map((item) => item.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 12 }, (_, n) => n),
    );
    for (const item of received) {
      const origin = origins[item.n % 3]!;
      expect(item.correlationId).toBe(origin.correlationId);
      // A producer span in the writer's trace: same trace id, a new span id.
      expect(item.traceparent?.split('-')[1]).toBe(origin.traceparent.split('-')[1]);
      expect(item.traceparent).not.toBe(origin.traceparent);
    }
  });
});
