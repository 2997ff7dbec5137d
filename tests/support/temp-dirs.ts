import { readdirSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { clearStalePostmaster } from '../../local/postgres.js';
import { commandLine, terminate } from '../../local/processes.js';
import { isRuntimeRunning, killLeftovers, readState } from '../../local/state.js';

/**
 * Every directory the test harness creates is `$TMPDIR/syncore-test-<label>-XXXXXX` with an owner.json
 * naming the jest process, so a later run can clean up after a jest run that was killed.
 */
const PREFIX = 'syncore-test-';
const OWNER_FILE = 'owner.json';

/** The jest run that owns what a test starts (globalSetup exports its pid to the workers). */
export function ownerPid(): number {
  return Number(process.env.SYNCORE_TEST_OWNER_PID) || process.pid;
}

/** A fresh temp dir, traversable by the "postgres" user (initdb runs as that user when we are root). */
export async function makeTempDir(label: string): Promise<string> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `${PREFIX}${label}-`));
  await fs.chmod(dir, 0o755);
  await fs.writeFile(path.join(dir, OWNER_FILE), JSON.stringify({ pid: ownerPid() }));
  return dir;
}

function ownerIsAlive(dir: string): boolean {
  try {
    const { pid } = JSON.parse(readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as { pid: number };
    return pid !== process.pid && !!commandLine(pid)?.includes('jest');
  } catch {
    return false;
  }
}

/** Stops whatever runs from a harness dir (local runtime, serverless-offline, PostgreSQL) and removes it. */
export async function disposeDir(dir: string): Promise<void> {
  const state = await readState(dir).catch(() => undefined);
  // A runtime whose jest worker was killed lives on; SIGTERM lets it stop its own children.
  if (state && isRuntimeRunning(state)) await terminate(state.pid, 'SIGTERM', 10_000);
  await killLeftovers(dir).catch(() => undefined);
  await clearStalePostmaster(path.join(dir, 'postgres')).catch(() => undefined);
  await fs.rm(dir, { recursive: true, force: true });
}

/** Cleans up after earlier jest runs that were killed before their teardown ran. */
export async function disposeAbandonedDirs(): Promise<void> {
  const tmp = os.tmpdir();
  const abandoned = readdirSync(tmp)
    .filter((name) => name.startsWith(PREFIX))
    .map((name) => path.join(tmp, name))
    .filter((dir) => !ownerIsAlive(dir));
  await Promise.all(abandoned.map(disposeDir));
}
