/**
 * A second `npm start` on a data dir in use is refused, and refusing it leaves the running stack's
 * state file alone (it used to be deleted, after which the next start took the live PostgreSQL and
 * journal for a dead run's and stopped them).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseRuntimeOptions } from '../../../local/config.js';
import { LocalRuntime } from '../../../local/runtime.js';
import { claimState, readState, statePath, writeState } from '../../../local/state.js';

let dataDir: string;
let other: ChildProcess;

beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-claim-'));
  // Stands in for a running stack: a live process whose command line is `… local/start.ts`.
  other = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)', 'local/start.ts'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => other.once('spawn', resolve));
});

afterEach(async () => {
  other.kill('SIGKILL');
  await fs.rm(dataDir, { recursive: true, force: true });
});

const runtimeOn = (dir: string) =>
  new LocalRuntime(parseRuntimeOptions(['--data-dir', dir, '--port', '4591', '--quiet'], {}));

describe('one runtime per data dir', () => {
  it('refuses a second start and leaves the running stack its state file', async () => {
    const running = {
      pid: other.pid!,
      startedAt: new Date().toISOString(),
      httpPort: 3000,
      lambdaPort: 3002,
      databaseUrl: 'postgres://x',
      sqsEndpoint: 'http://x',
      dynamodbEndpoint: 'http://x',
    };
    await writeState(dataDir, running);
    const second = runtimeOn(dataDir);
    await expect(second.start()).rejects.toThrow(/another syncore runtime \(pid \d+\) is running/);
    await second.stop(); // what `npm start` does after a failed start
    expect(await readState(dataDir)).toEqual(running);
  });

  it('claims the data dir exclusively: of two starts racing for it, one is refused', async () => {
    const state = (pid: number) => ({
      pid,
      startedAt: new Date().toISOString(),
      httpPort: 1,
      lambdaPort: 2,
      databaseUrl: '',
      sqsEndpoint: '',
      dynamodbEndpoint: '',
    });
    const results = await Promise.allSettled([
      claimState(dataDir, state(11)),
      claimState(dataDir, state(22)),
    ]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((result) => result.status === 'rejected')).toMatchObject({
      reason: expect.objectContaining({ message: expect.stringMatching(/another syncore runtime/) }),
    });
    await expect(fs.stat(statePath(dataDir))).resolves.toBeDefined();
  });
});
