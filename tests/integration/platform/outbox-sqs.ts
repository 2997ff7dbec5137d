import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { z } from 'zod';

/** Helpers for outbox tests that own a queue of their own (nobody else receives from it). */
export function directSqs(endpoint: string): SQSClient {
  return new SQSClient({
    endpoint,
    region: process.env.AWS_REGION,
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID!,
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY!,
    },
  });
}

export const testMessage = z.object({ marker: z.string(), n: z.number() });

export function queueName(label: string): string {
  return `${label}-${randomUUID().slice(0, 8)}`;
}

export async function createQueue(sqs: SQSClient, name: string): Promise<string> {
  const prefix = process.env.QUEUE_PREFIX ?? 'syncore-local-';
  const fifo = name.endsWith('.fifo') ? { Attributes: { FifoQueue: 'true' } } : {};
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${name}`, ...fifo }));
  return QueueUrl!;
}

/** Receives (and deletes) until the queue stays empty for a whole long poll; returns every body. */
export async function drainAll(sqs: SQSClient, url: string): Promise<z.infer<typeof testMessage>[]> {
  const bodies: z.infer<typeof testMessage>[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => testMessage.parse(JSON.parse(message.Body!))));
    await sqs.send(
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
