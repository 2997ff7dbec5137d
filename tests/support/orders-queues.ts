import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';

/**
 * Private copies of the queues the orders pipeline sends to (`order-status.fifo`, `notifications`),
 * under a queue prefix of their own: set as QUEUE_PREFIX before the file's first send, so everything
 * this file's code relays lands here and draining it never steals another test file's messages.
 * Call `restore()` in afterAll (process.env outlives the file).
 */
export async function privateOrderQueues(options: { visibilityTimeoutSeconds?: number } = {}) {
  const sqs = new SQSClient({
    endpoint: process.env.SQS_ENDPOINT,
    region: process.env.AWS_REGION ?? 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const prefix = `orders-test-${randomUUID().slice(0, 8)}-`;
  const visibility = String(options.visibilityTimeoutSeconds ?? 5);
  const create = async (name: string, attributes: Record<string, string>) => {
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `${prefix}${name}`, Attributes: attributes }),
    );
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    return { url: QueueUrl!, arn: Attributes!.QueueArn! };
  };
  const fifo = await create('order-status.fifo', { FifoQueue: 'true', VisibilityTimeout: visibility });
  const notifications = await create('notifications', { VisibilityTimeout: '30' });
  const previousPrefix = process.env.QUEUE_PREFIX;
  process.env.QUEUE_PREFIX = prefix;

  /** Every message on the queue now (received and deleted), after a quiet `quietSeconds`. */
  async function drain(url: string, quietSeconds = 1): Promise<Message[]> {
    const all: Message[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: quietSeconds,
          MessageSystemAttributeNames: ['All'],
        }),
      );
      if (Messages.length === 0) return all;
      all.push(...Messages);
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

  return {
    sqs,
    prefix,
    fifo,
    notifications,
    drainNotifications: async () =>
      (await drain(notifications.url)).map((message) => JSON.parse(message.Body!)),
    drain,
    async restore() {
      if (previousPrefix === undefined) delete process.env.QUEUE_PREFIX;
      else process.env.QUEUE_PREFIX = previousPrefix;
      for (const url of [fifo.url, notifications.url])
        await sqs.send(new DeleteQueueCommand({ QueueUrl: url })).catch(() => undefined);
      sqs.destroy();
    },
  };
}
