import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { localSqsClient, type QueueInfo } from '../../../local/resources.js';
import { restoreQueues, saveQueues } from '../../../local/sqs-snapshot.js';

const sqs = localSqsClient(process.env.SQS_ENDPOINT!);

async function queue(): Promise<QueueInfo> {
  const name = `snapshot-${randomUUID()}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  return { logicalId: name, name, url: QueueUrl!, arn: `arn:aws:sqs:eu-central-1:000000000000:${name}` };
}

const visible = async (q: QueueInfo) =>
  Number(
    (
      await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: q.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      )
    ).Attributes?.ApproximateNumberOfMessages,
  );

afterAll(() => sqs.destroy());

describe('queue snapshot across a restart of the embedded emulator', () => {
  it('drains every queue into the file and sends the messages again, with their attributes', async () => {
    const [first, second] = [await queue(), await queue()];
    for (let n = 0; n < 13; n++) {
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: first.url,
          MessageBody: JSON.stringify({ n }),
          MessageAttributes: { correlationId: { DataType: 'String', StringValue: `c${n}` } },
        }),
      );
    }
    await sqs.send(new SendMessageCommand({ QueueUrl: second.url, MessageBody: 'dead letter' }));
    const file = path.join(
      await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-snapshot-')),
      'sqs-snapshot.json',
    );

    expect(await saveQueues(sqs, [first, second], file)).toBe(14);
    expect(await visible(first)).toBe(0);
    expect(await restoreQueues(sqs, [first, second], file)).toBe(14);
    await expect(fs.access(file)).rejects.toThrow();

    const received = [];
    for (let round = 0; round < 5 && received.length < 13; round++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: first.url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
        }),
      );
      received.push(...Messages);
    }
    const restored = received.map((message) => [
      JSON.parse(message.Body!).n,
      message.MessageAttributes?.correlationId?.StringValue,
    ]);
    expect(restored.sort((a, b) => a[0] - b[0])).toEqual(Array.from({ length: 13 }, (_, n) => [n, `c${n}`]));
    expect(await visible(second)).toBe(1);
  });

  it('does nothing when there is no snapshot or nothing queued', async () => {
    const empty = await queue();
    const file = path.join(os.tmpdir(), `syncore-no-snapshot-${randomUUID()}.json`);
    expect(await saveQueues(sqs, [empty], file)).toBe(0);
    await expect(fs.access(file)).rejects.toThrow();
    expect(await restoreQueues(sqs, [empty], file)).toBe(0);
  });
});
