import fs from 'node:fs/promises';
import path from 'node:path';
import { info, StartupError } from './log.js';
import { commandLine, terminate } from './processes.js';

/** `$SYNCORE_DATA_DIR/runtime.json`: what a running stack looks like, for `npm run invoke` and cleanup. */
export interface RuntimeState {
  pid: number;
  startedAt: string;
  httpPort: number;
  lambdaPort: number;
  databaseUrl: string;
  sqsEndpoint: string;
  dynamodbEndpoint: string;
  /** serverless-offline runs in its own process group; this is its leader. */
  offlinePid?: number;
  postgresPid?: number;
}

export const statePath = (dataDir: string) => path.join(dataDir, 'runtime.json');

export async function readState(dataDir: string): Promise<RuntimeState | undefined> {
  const text = await fs.readFile(statePath(dataDir), 'utf8').catch(() => undefined);
  return text ? (JSON.parse(text) as RuntimeState) : undefined;
}

export async function writeState(dataDir: string, state: RuntimeState): Promise<void> {
  await fs.writeFile(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * Claims the data dir for this run: writes the state file only if there is none (after killLeftovers
 * removed a dead run's), so two starts racing on one data dir cannot both go on.
 */
export async function claimState(dataDir: string, state: RuntimeState): Promise<void> {
  try {
    await fs.writeFile(statePath(dataDir), `${JSON.stringify(state, null, 2)}\n`, { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const other = await readState(dataDir);
    throw new StartupError(
      `another syncore runtime (pid ${other?.pid ?? 'unknown'}) is starting on ${dataDir}: stop it, or start this one with --data-dir`,
    );
  }
}

export async function removeState(dataDir: string): Promise<void> {
  await fs.rm(statePath(dataDir), { force: true });
}

/** Is the runtime recorded in the state file still running (and really ours, not a reused pid)? */
export function isRuntimeRunning(state: RuntimeState | undefined): boolean {
  return !!state && state.pid !== process.pid && !!commandLine(state.pid)?.includes('local/start.ts');
}

/**
 * Stops what a crashed or `kill -9`-ed run left behind. Each pid is checked against its command line
 * first: after a reboot the same numbers may belong to unrelated processes.
 */
export async function killLeftovers(dataDir: string): Promise<void> {
  const state = await readState(dataDir);
  if (!state) return;
  if (isRuntimeRunning(state)) {
    throw new StartupError(
      `another syncore runtime (pid ${state.pid}) is running on ${dataDir}: stop it, or start this one with --data-dir`,
    );
  }
  const offlineCmd = state.offlinePid ? commandLine(state.offlinePid) : undefined;
  if (state.offlinePid && offlineCmd?.includes('serverless') && offlineCmd.includes('offline')) {
    info(`stopping serverless-offline left running by a previous run (pid ${state.offlinePid})`);
    await terminate(-state.offlinePid, 'SIGTERM', 3_000);
  }
  // PostgreSQL is cleaned up from its own postmaster.pid (see postgres.ts), which is authoritative.
  await removeState(dataDir);
}
