// Durable local queues. The embedded SQS emulator (fauxqs 1.x) keeps messages in memory only, so every
// message it accepts is also appended to `<data dir>/sqs-journal.ndjson` before the sender gets its
// answer, and every deletion and purge too. A start (after a Ctrl-C or a `kill -9` alike) sends again
// whatever the previous runs' journals hold that was never deleted or purged: at least once, never lost.
//
// FIFO queues (`order-status.fifo` and its DLQ) keep their messages' group ids and order: a replayed
// FIFO message is sent with its group id (`replayed` for a journal written before group ids were kept)
// and its old message id as deduplication id. The original deduplication id is journaled for reference
// only: two messages may legitimately share one when sent more than 5 minutes apart.
//
// Not kept: delays (a replayed message is visible at once), receive counts (a replayed message starts
// at 0), binary attributes.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { type MessageAttributeValue, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { StartupError } from './log.js';
import type { QueueInfo } from './resources.js';

export const JOURNAL_FILE = 'sqs-journal.ndjson';
const REPLAY_SUFFIX = '.replay-';
/** What a FIFO message journaled before group ids were kept is replayed with. */
export const REPLAYED_GROUP_ID = 'replayed';

type Attributes = Record<string, { DataType?: string; StringValue?: string }>;
type Put = {
  op: 'put';
  id: string;
  queue: string;
  body: string;
  attributes?: Attributes;
  /** FIFO queues only. */
  group?: string;
  dedup?: string;
};
type Entry = Put | { op: 'del'; id: string } | { op: 'purge'; queue: string };

/** A message as fauxqs holds it (its `SqsStore.createMessage`): what the journal keeps of it. */
export interface QueuedMessage {
  messageId: string;
  body: string;
  messageAttributes?: Record<string, MessageAttributeValue>;
  messageGroupId?: string;
  messageDeduplicationId?: string;
}

/** What fauxqs' message spy reports (published, consumed = deleted, dlq = moved to its DLQ). */
interface SpyEvent {
  service: string;
  queueName?: string;
  messageId?: string;
  status?: string;
}

/** Appends to the journal synchronously: written before the emulator answers the request. */
export class SqsJournal {
  readonly #fd: number;

  constructor(readonly file: string) {
    this.#fd = fs.openSync(file, 'a', 0o600);
  }

  /**
   * A message enters a queue: sent, or moved to its DLQ (the same id published again, which replaces
   * the entry). Called from the queue itself, as fauxqs' spy event lacks the group and deduplication ids.
   */
  put(queue: string, message: QueuedMessage): void {
    this.#write({
      op: 'put',
      id: message.messageId,
      queue,
      body: message.body,
      attributes: stringAttributes(message.messageAttributes),
      group: message.messageGroupId,
      dedup: message.messageDeduplicationId,
    });
  }

  /** PurgeQueue: fauxqs' spy reports nothing, every message of the queue is gone. */
  purge(queue: string): void {
    this.#write({ op: 'purge', queue });
  }

  /** The spy's events: a deletion ('consumed'). Puts come from `put`, and 'dlq' is followed by one. */
  record(event: SpyEvent): void {
    if (event.service === 'sqs' && event.messageId && event.status === 'consumed') {
      this.#write({ op: 'del', id: event.messageId });
    }
  }

  close(): void {
    fs.closeSync(this.#fd);
  }

  #write(entry: Entry): void {
    fs.writeSync(this.#fd, `${JSON.stringify(entry)}\n`);
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

/** Messages of one journal that were accepted and never deleted nor purged, in the order they were sent. */
export function pendingMessages(text: string): Put[] {
  const pending = new Map<string, Put>();
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
    } else if (entry.op === 'purge') {
      for (const [id, message] of pending) if (message.queue === entry.queue) pending.delete(id);
    } else pending.delete(entry.id);
  }
  return [...pending.values()];
}

/**
 * Sends the pending messages of every replay file again (into the running emulator, which journals them
 * anew), then removes the file. Idempotent: each batch sent again is marked deleted in its replay file,
 * so a replay that failed half-way and is run again by the next start sends nothing twice. A queue that
 * rejects a message gets nothing more (its order is kept), the other queues are replayed, then the
 * start fails naming the file and what to do.
 */
export async function replayJournals(sqs: SQSClient, queues: QueueInfo[], dataDir: string): Promise<number> {
  const files = (await fsp.readdir(dataDir))
    .filter((name) => name.startsWith(`${JOURNAL_FILE}${REPLAY_SUFFIX}`))
    .sort()
    .map((name) => path.join(dataDir, name));
  let replayed = 0;
  const failures: string[] = [];
  const failedQueues = new Set<string>();
  for (const file of files) {
    const pending = pendingMessages(await fsp.readFile(file, 'utf8'));
    let complete = true;
    for (const queue of queues) {
      const fifo = queue.name.endsWith('.fifo');
      const messages = pending.filter((message) => message.queue === queue.name);
      if (messages.length > 0 && failedQueues.has(queue.name)) complete = false;
      for (let start = 0; start < messages.length && !failedQueues.has(queue.name); start += 10) {
        const chunk = messages.slice(start, start + 10);
        let sent: Put[] = [];
        let error: string | undefined;
        try {
          const result = await sendChunk(sqs, queue.url, chunk, fifo);
          sent = (result.Successful ?? []).flatMap((entry) => chunk[Number(entry.Id)] ?? []);
          if (result.Failed?.length) error = result.Failed[0]?.Message ?? 'rejected';
        } catch (thrown) {
          error = thrown instanceof Error ? thrown.message : String(thrown);
        }
        await markSent(file, sent);
        replayed += sent.length;
        if (error !== undefined) {
          complete = false;
          failedQueues.add(queue.name);
          failures.push(
            `${messages.length - start - sent.length} message(s) of ${queue.name} in ${file}: ${error}`,
          );
        }
      }
    }
    if (complete) await fsp.rm(file, { force: true });
  }
  if (failures.length > 0) {
    throw new StartupError(
      `could not send again the previous run's queued messages: ${failures.join('; ')}. ` +
        'What was sent again is marked in those files, so the next start resumes without duplicates; ' +
        `to start without the remaining messages, move the files out of ${dataDir}`,
    );
  }
  return replayed;
}

function sendChunk(sqs: SQSClient, url: string, chunk: Put[], fifo: boolean) {
  return sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: url,
      Entries: chunk.map((message, index) => ({
        Id: String(index),
        MessageBody: message.body,
        MessageAttributes: message.attributes as Record<string, MessageAttributeValue> | undefined,
        ...(fifo && {
          MessageGroupId: message.group ?? REPLAYED_GROUP_ID,
          MessageDeduplicationId: message.id,
        }),
      })),
    }),
  );
}

/** Marks messages sent again as deleted in their replay file (after a newline: its last line may be cut). */
async function markSent(file: string, sent: Put[]): Promise<void> {
  if (sent.length === 0) return;
  const lines = sent.map((message) => JSON.stringify({ op: 'del', id: message.id } satisfies Entry));
  await fsp.appendFile(file, `\n${lines.join('\n')}\n`);
}
