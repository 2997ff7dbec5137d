import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../../local/config.js';
import { freePort } from '../../local/processes.js';
import { disposeStack, startStack } from '../support/stack.js';

// `npm start` as root in a directory other users cannot enter (a `mktemp -d`, /root/x): PostgreSQL runs
// as the unprivileged user "postgres" and cannot reach it. The runtime must stop at once with one line
// that names the fix, not crash on `spawn … EACCES` or print initdb's log.
describe('a data dir others cannot enter', () => {
  let closed: string;

  beforeAll(async () => {
    closed = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-closed-')); // 0700
  });
  afterAll(() => fs.rm(closed, { recursive: true, force: true }));

  // Only root is affected: as any other user PostgreSQL runs as that user and reaches the dir itself.
  it('stops at once with one line naming the fix (as root), or starts as usual (as anyone else)', async () => {
    if (process.getuid?.() !== 0) {
      await disposeStack(await startStack({ dataDir: path.join(closed, 'data') }));
      return;
    }
    const args = ['--import', 'tsx', 'local/start.ts', '--quiet', '--data-dir', path.join(closed, 'data')];
    const env = { ...process.env };
    for (const name of ['DATABASE_URL', 'SQS_ENDPOINT', 'DYNAMODB_ENDPOINT', 'NODE_OPTIONS'])
      delete env[name];
    Object.assign(env, {
      PORT: String(await freePort()),
      SYNCORE_LAMBDA_PORT: String(await freePort()),
      SYNCORE_PG_PORT: String(await freePort()),
      SYNCORE_SQS_PORT: String(await freePort()),
      SYNCORE_DYNAMODB_PORT: String(await freePort()),
    });
    const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');

    const lines = stderr.split('\n').filter((line) => line.startsWith('[syncore]'));
    expect(code).toBe(1);
    expect(lines.filter((line) => /postgres/i.test(line))).toEqual([
      expect.stringMatching(new RegExp(`cannot enter ${closed}.*chmod o\\+x ${closed}`)),
    ]);
    expect(stderr).not.toMatch(/EACCES|initdb|Permission denied/);
  }, 120_000);
});
