import { once } from 'node:events';
import fs from 'node:fs/promises';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { REGION } from './config.js';
import { StartupError } from './log.js';
import { isPortFree } from './processes.js';
import { type QueuedMessage, SqsJournal } from './sqs-journal.js';

export interface Emulator {
  endpoint: string;
  stop(): Promise<void>;
}

async function assertPortFree(port: number, what: string, setting: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new StartupError(
      `port ${port} (${what}) is in use by another program; set ${setting} to another port`,
    );
  }
}

/**
 * SQS emulator, in this process. The emulator keeps queue contents in memory; with `journalFile` every
 * accepted, deleted and purged message is also journaled there (see sqs-journal.ts), so nothing it
 * accepted is lost by a crash or a restart.
 */
export async function startSqsEmulator(
  port: number,
  setting = 'SYNCORE_SQS_PORT',
  journalFile?: string,
): Promise<Emulator> {
  await assertPortFree(port, 'SQS emulator', setting);
  if (journalFile) await hookFauxqsQueues();
  const journal = journalFile ? new SqsJournal(journalFile) : undefined;
  const server = await startFauxqs({
    port,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: REGION,
    // The spy sees every deletion synchronously; sends, DLQ moves and purges come from hookFauxqsQueues.
    messageSpies: journal ? { bufferSize: 1 } : false,
  }).catch((error: unknown) => {
    journal?.close();
    throw error;
  });
  if (!journal) return { endpoint: `http://127.0.0.1:${port}`, stop: () => server.stop() };
  const spy = server.spy as unknown as { addMessage(event: Parameters<SqsJournal['record']>[0]): void };
  spy.addMessage = (event) => journal.record(event);
  journals.set(spy, journal);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      journals.delete(spy);
      journal.close();
    },
  };
}

/** What sqs-journal needs of fauxqs' queue class (`SqsQueue` of fauxqs/dist/sqs/sqsStore.js). */
interface FauxqsQueue {
  name: string;
  /** The server's message spy, shared by all its queues: tells which journal (if any) a queue has. */
  spy?: object;
  enqueue(message: QueuedMessage): void;
  purge(): void;
}

const journals = new WeakMap<object, SqsJournal>();
let queuesHooked: Promise<void> | undefined;

/**
 * fauxqs' spy event for a sent message lacks its FIFO group and deduplication ids, and PurgeQueue emits
 * no event at all. So the journal also wraps its queue class (not exported: loaded from the file next to
 * the package's entry point; fauxqs is pinned in package.json), once per process: every message that
 * enters a queue (sent, or moved to the DLQ) and every purge is journaled before the queue changes, by
 * the journal of the queue's server. Servers without a journal are left as they are.
 */
function hookFauxqsQueues(): Promise<void> {
  queuesHooked ??= (async () => {
    const file = new URL('./sqs/sqsStore.js', import.meta.resolve('fauxqs')).href;
    const { SqsQueue } = (await import(file)) as { SqsQueue?: { prototype: FauxqsQueue } };
    const queue = SqsQueue?.prototype;
    if (typeof queue?.enqueue !== 'function' || typeof queue.purge !== 'function') {
      throw new Error(`fauxqs changed: ${file} has no SqsQueue with enqueue and purge (local/emulators.ts)`);
    }
    const { enqueue, purge } = queue;
    queue.enqueue = function (this: FauxqsQueue, message: QueuedMessage) {
      if (this.spy) journals.get(this.spy)?.put(this.name, message);
      enqueue.call(this, message);
    };
    queue.purge = function (this: FauxqsQueue) {
      if (this.spy) journals.get(this.spy)?.purge(this.name);
      purge.call(this);
    };
  })();
  return queuesHooked;
}

/**
 * DynamoDB emulator, in this process. With `dataPath` tables and items are kept in LevelDB between
 * runs; without it they live in memory.
 */
export async function startDynamoEmulator(
  port: number,
  dataPath?: string,
  setting = 'SYNCORE_DYNAMODB_PORT',
): Promise<Emulator> {
  await assertPortFree(port, 'DynamoDB emulator', setting);
  if (dataPath) await fs.mkdir(dataPath, { recursive: true });
  // Tables are ACTIVE at once: the default 500 ms CREATING state only slows startup down.
  const server = dynalite({ path: dataPath, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
