import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { NotificationMessage } from '../../functions/notifications/contract.js';

/**
 * A private queue for one calendar pipeline test, so draining it never steals messages another test
 * waits for on the shared notifications queue. `send` is what the scheduler gets as its publisher:
 * SendMessageBatch in tens, throwing unless every entry was accepted (like layers' publish()).
 */
export async function privateQueue(endpoint: string, visibilityTimeoutSeconds = 30) {
  const client = new SQSClient({
    endpoint,
    region: 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const name = `calendar-test-${randomUUID()}`;
  const created = await client.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: { VisibilityTimeout: String(visibilityTimeoutSeconds) },
    }),
  );
  const url = created.QueueUrl as string;

  const send = async (messages: NotificationMessage[]) => {
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      const result = await client.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
          })),
        }),
      );
      if (result.Failed?.length) throw new Error(`${result.Failed.length} messages rejected`);
    }
  };

  const receive = async (waitSeconds = 0): Promise<Message[]> => {
    const result = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        MessageSystemAttributeNames: ['All'],
      }),
    );
    return result.Messages ?? [];
  };

  const remove = async (messages: Message[]) => {
    if (messages.length === 0) return;
    await client.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: messages.map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle as string,
        })),
      }),
    );
  };

  /** Every message currently on the queue (received and deleted). */
  const drain = async (): Promise<Message[]> => {
    const all: Message[] = [];
    for (;;) {
      const batch = await receive(0);
      if (batch.length === 0) return all;
      all.push(...batch);
      await remove(batch);
    }
  };

  /** What is left on the queue: visible, received but not deleted (in flight), delayed. */
  const counts = async () => {
    const { Attributes: attributes = {} } = await client.send(
      new GetQueueAttributesCommand({
        QueueUrl: url,
        AttributeNames: [
          'ApproximateNumberOfMessages',
          'ApproximateNumberOfMessagesNotVisible',
          'ApproximateNumberOfMessagesDelayed',
        ],
      }),
    );
    const visible = Number(attributes.ApproximateNumberOfMessages ?? 0);
    const inFlight = Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0);
    const delayed = Number(attributes.ApproximateNumberOfMessagesDelayed ?? 0);
    return { visible, inFlight, delayed, total: visible + inFlight + delayed };
  };

  return {
    client,
    url,
    send,
    receive,
    remove,
    drain,
    counts,
    destroy: () => client.send(new DeleteQueueCommand({ QueueUrl: url })).then(() => undefined),
  };
}

/** An SQS message as Lambda's event source mapping hands it to the storer. */
export function toRecord(message: Message): SQSRecord {
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body as string,
    attributes: {
      ApproximateReceiveCount: message.Attributes?.ApproximateReceiveCount ?? '1',
      SentTimestamp: message.Attributes?.SentTimestamp ?? String(Date.now()),
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:calendar-test',
    awsRegion: 'eu-central-1',
  };
}
