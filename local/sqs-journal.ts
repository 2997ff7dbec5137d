// Durable local queues. The embedded SQS emulator (fauxqs 1.x) keeps messages in memory only, so every
// message it accepts is also appended to `<data dir>/sqs-journal.ndjson` before the sender gets its
// answer, and every deletion too. A start (after a Ctrl-C or a `kill -9` alike) sends again whatever the
// previous runs' journals hold that was never deleted: at least once, never lost.
//
// Not kept: delays (a replayed message is visible at once), message group/deduplication ids (no FIFO
// queues here), receive counts (a replayed message starts at 0), binary attributes.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { type MessageAttributeValue, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { QueueInfo } from './resources.js';

export const JOURNAL_FILE = 'sqs-journal.ndjson';
const REPLAY_SUFFIX = '.replay-';

type Attributes = Record<string, { DataType?: string; StringValue?: string }>;
type Entry =
  | { op: 'put'; id: string; queue: string; body: string; attributes?: Attributes }
  | { op: 'del'; id: string };

/** What fauxqs' message spy reports (published, consumed = deleted, dlq = moved to its DLQ). */
interface SpyEvent {
  service: string;
  queueName?: string;
  messageId?: string;
  body?: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  status?: string;
}

/** Appends to the journal synchronously: written before the emulator answers the request. */
export class SqsJournal {
  readonly #fd: number;

  constructor(readonly file: string) {
    this.#fd = fs.openSync(file, 'a', 0o600);
  }

  record(event: SpyEvent): void {
    if (event.service !== 'sqs' || !event.messageId) return;
    let entry: Entry | undefined;
    if (event.status === 'published') {
      entry = {
        op: 'put',
        id: event.messageId,
        queue: event.queueName ?? '',
        body: event.body ?? '',
        attributes: stringAttributes(event.messageAttributes),
      };
    } else if (event.status === 'consumed') entry = { op: 'del', id: event.messageId };
    // 'dlq' is followed by a 'published' event on the DLQ with the same id, which replaces the entry.
    if (entry) fs.writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
  }

  close(): void {
    fs.closeSync(this.#fd);
  }
}

function stringAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): Attributes | undefined {
  if (!attributes) return undefined;
  const kept = Object.entries(attributes).filter(([, value]) => value.StringValue !== undefined);
  return kept.length > 0
    ? Object.fromEntries(
        kept.map(([name, value]) => [name, { DataType: value.DataType, StringValue: value.StringValue }]),
      )
    : undefined;
}

/**
 * Before the emulator starts: the journal of the previous run becomes a replay file, and the new run
 * writes a fresh one. Replay files are removed only once their messages were sent again.
 */
export async function rotateJournal(dataDir: string): Promise<void> {
  const file = path.join(dataDir, JOURNAL_FILE);
  const stat = await fsp.stat(file).catch(() => undefined);
  if (!stat) return;
  if (stat.size === 0) return fsp.rm(file, { force: true });
  await fsp.rename(file, `${file}${REPLAY_SUFFIX}${Date.now()}`);
}

/** Messages of one journal that were accepted and never deleted, in the order they were sent. */
export function pendingMessages(text: string): Extract<Entry, { op: 'put' }>[] {
  const pending = new Map<string, Extract<Entry, { op: 'put' }>>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let entry: Entry;
    try {
      entry = JSON.parse(line) as Entry;
    } catch {
      continue; // a line cut short by a crash: its send was never answered either
    }
    if (entry.op === 'put') {
      pending.delete(entry.id); // a move to the DLQ re-publishes the same id: keep its latest place
      pending.set(entry.id, entry);
    } else pending.delete(entry.id);
  }
  return [...pending.values()];
}

/** Sends the pending messages of every replay file again (into the running emulator), then removes them. */
export async function replayJournals(sqs: SQSClient, queues: QueueInfo[], dataDir: string): Promise<number> {
  const files = (await fsp.readdir(dataDir))
    .filter((name) => name.startsWith(`${JOURNAL_FILE}${REPLAY_SUFFIX}`))
    .sort()
    .map((name) => path.join(dataDir, name));
  let replayed = 0;
  for (const file of files) {
    const pending = pendingMessages(await fsp.readFile(file, 'utf8'));
    for (const queue of queues) {
      const messages = pending.filter((message) => message.queue === queue.name);
      for (let start = 0; start < messages.length; start += 10) {
        const chunk = messages.slice(start, start + 10);
        const result = await sqs.send(
          new SendMessageBatchCommand({
            QueueUrl: queue.url,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              MessageBody: message.body,
              MessageAttributes: message.attributes as Record<string, MessageAttributeValue> | undefined,
            })),
          }),
        );
        if (result.Failed?.length) throw new Error(`replaying ${file}: ${result.Failed[0]?.Message}`);
        replayed += chunk.length;
      }
    }
    await fsp.rm(file, { force: true });
  }
  return replayed;
}
