import { once } from 'node:events';
import fs from 'node:fs/promises';
import dynalite from 'dynalite';
import { startFauxqs } from 'fauxqs';
import { REGION } from './config.js';
import { StartupError } from './log.js';
import { isPortFree } from './processes.js';
import { SqsJournal } from './sqs-journal.js';

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
 * accepted and deleted message is also journaled there (see sqs-journal.ts), so nothing it accepted is
 * lost by a crash or a restart.
 */
export async function startSqsEmulator(
  port: number,
  setting = 'SYNCORE_SQS_PORT',
  journalFile?: string,
): Promise<Emulator> {
  await assertPortFree(port, 'SQS emulator', setting);
  const server = await startFauxqs({
    port,
    host: '127.0.0.1',
    logger: false,
    defaultRegion: REGION,
    // The spy sees every publish, delete and DLQ move, synchronously: the journal hooks in there.
    messageSpies: journalFile ? { bufferSize: 1 } : false,
  });
  const journal = journalFile ? new SqsJournal(journalFile) : undefined;
  if (journal) {
    const spy = server.spy as unknown as { addMessage(event: Parameters<SqsJournal['record']>[0]): void };
    spy.addMessage = (event) => journal.record(event);
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      await server.stop();
      journal?.close();
    },
  };
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
