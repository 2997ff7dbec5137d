// Before the journal (sqs-journal.ts), a graceful stop drained every queue into
// `<data dir>/sqs-snapshot.json` and the next start sent them again. The runtime now only restores a
// snapshot an older version left behind; saveQueues stays for that format's tests and tooling.
import fs from 'node:fs/promises';
import {
  DeleteMessageBatchCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { QueueInfo } from './resources.js';

interface SavedMessage {
  queue: string;
  body: string;
  attributes?: Record<string, MessageAttributeValue>;
  groupId?: string;
}

const MAX_ROUNDS_PER_QUEUE = 10_000; // 100k messages: more than a development queue ever holds

/** Receives every visible message of every queue (hiding it for the rest of the emulator's life). */
export async function saveQueues(sqs: SQSClient, queues: QueueInfo[], file: string): Promise<number> {
  const saved: SavedMessage[] = [];
  for (const queue of queues) {
    for (let round = 0; round < MAX_ROUNDS_PER_QUEUE; round++) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.url,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 43_200,
          WaitTimeSeconds: 0,
          MessageAttributeNames: ['All'],
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      if (Messages.length === 0) break;
      for (const message of Messages) {
        saved.push({
          queue: queue.name,
          body: message.Body ?? '',
          attributes: message.MessageAttributes,
          groupId: message.Attributes?.MessageGroupId,
        });
      }
      // A FIFO queue hands out a group's next message only once the previous one is gone: delete what
      // was saved, or only the first message of each group would ever be saved.
      if (queue.name.endsWith('.fifo')) await deleteReceived(sqs, queue.url, Messages);
    }
  }
  if (saved.length > 0) {
    await fs.writeFile(`${file}.tmp`, JSON.stringify(saved));
    await fs.rename(`${file}.tmp`, file);
  }
  return saved.length;
}

async function deleteReceived(sqs: SQSClient, url: string, messages: { ReceiptHandle?: string }[]) {
  await sqs.send(
    new DeleteMessageBatchCommand({
      QueueUrl: url,
      Entries: messages.map((message, index) => ({
        Id: String(index),
        ReceiptHandle: message.ReceiptHandle!,
      })),
    }),
  );
}

/** Sends the messages of a previous run's snapshot again, then removes the snapshot. */
export async function restoreQueues(sqs: SQSClient, queues: QueueInfo[], file: string): Promise<number> {
  const text = await fs.readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return 0;
  const saved = JSON.parse(text) as SavedMessage[];
  let restored = 0;
  for (const queue of queues) {
    const messages = saved.filter((message) => message.queue === queue.name);
    const url = queue.url;
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: url,
          Entries: chunk.map((message, index) => ({
            Id: String(index),
            MessageBody: message.body,
            MessageAttributes: message.attributes,
            MessageGroupId: message.groupId,
            MessageDeduplicationId: message.groupId ? `${Date.now()}-${start + index}` : undefined,
          })),
        }),
      );
      restored += chunk.length;
    }
  }
  await fs.rm(file, { force: true });
  return restored;
}
