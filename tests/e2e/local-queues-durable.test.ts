import { randomUUID } from 'node:crypto';
import {
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { localSqsClient } from '../../local/resources.js';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';
import { disposeDir, makeTempDir } from '../support/temp-dirs.js';

// A `kill -9` of `npm start` loses no message the local SQS emulator accepted: the next start sends
// again every message that was never deleted (the journal in the data dir).

async function queueUrl(sqs: SQSClient, name: string): Promise<string> {
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: `syncore-local-${name}` }))).QueueUrl!;
}

/** Everything in a queue nobody consumes, received and deleted until a long poll comes back empty. */
async function drain(sqs: SQSClient, url: string): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
    );
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((message) => message.Body!));
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

describe('local queues after kill -9', () => {
  let dataDir: string;
  let current: Stack | undefined;

  beforeAll(async () => {
    dataDir = await makeTempDir('durable-queues');
  });
  afterAll(async () => {
    await disposeStack(current);
    await disposeDir(dataDir);
  });

  it('delivers every accepted message exactly once after a restart', async () => {
    current = await startStack({ dataDir });
    const registered = await request<{ token: string; user: { id: string } }>(
      current.baseUrl,
      'POST',
      '/auth/register',
      {
        body: {
          email: `durable-${randomUUID()}@example.com`,
          password: 'correct horse battery staple',
          name: 'D',
        },
      },
    );
    const { token, user } = registered.json;
    const markers = Array.from({ length: 25 }, (_, n) => `${randomUUID()}#${n}`);
    const notificationId = `e2e:durable:${randomUUID()}`;
    const sqs = localSqsClient((await current.state()).sqsEndpoint);
    const dlq = await queueUrl(sqs, 'notifications-dlq');
    for (let start = 0; start < markers.length; start += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: dlq,
          Entries: markers
            .slice(start, start + 10)
            .map((body, index) => ({ Id: String(index), MessageBody: body })),
        }),
      );
    }
    // Delayed, so its consumer cannot run before the crash.
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: await queueUrl(sqs, 'notifications'),
        DelaySeconds: 900,
        MessageBody: JSON.stringify({
          notificationId,
          recipientId: user.id,
          source: 'e2e',
          type: 'e2e.durable',
          title: 'Survived a crash',
          dueAt: new Date().toISOString(),
        }),
      }),
    );
    sqs.destroy();

    await current.kill9();
    current = await startStack({ dataDir });
    const again = localSqsClient((await current.state()).sqsEndpoint);
    const received = await drain(again, await queueUrl(again, 'notifications-dlq'));
    again.destroy();
    const stored = await eventually(async () => {
      const list = await request<{ items: { title: string }[] }>(current!.baseUrl, 'GET', '/notifications', {
        token,
      });
      const mine = list.json.items.filter((item) => item.title === 'Survived a crash');
      return mine.length > 0 ? mine : undefined;
    }, 'the notification sent before the crash');

    expect(received.sort()).toEqual([...markers].sort());
    expect(stored).toHaveLength(1);
  }, 240_000);
});
