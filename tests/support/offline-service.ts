import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../local/config.js';
import { freePort } from '../../local/processes.js';

export interface OfflineService {
  child: ChildProcess;
  /** serverless-offline's HTTP API, e.g. http://127.0.0.1:<port> */
  httpBase: string;
  /** Its Lambda invoke API. */
  lambdaBase: string;
  /** Stops the whole process group. */
  stop(): void;
}

/**
 * serverless-offline `--useInProcess` (the repo's patched copy) serving a small fixture service in
 * `dir` on free ports, in its own process group; resolves once `ready(service)` answers true.
 */
export async function startOfflineService(
  dir: string,
  ready: (service: Omit<OfflineService, 'stop' | 'child'>) => Promise<boolean>,
): Promise<OfflineService> {
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const child = spawn(
    process.execPath,
    [
      path.join(REPO_ROOT, 'node_modules/serverless/bin/serverless.js'),
      'offline',
      'start',
      '--useInProcess',
      '--host',
      '127.0.0.1',
      '--httpPort',
      String(httpPort),
      '--lambdaPort',
      String(lambdaPort),
    ],
    { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'], detached: true },
  );
  const urls = { httpBase: `http://127.0.0.1:${httpPort}`, lambdaBase: `http://127.0.0.1:${lambdaPort}` };
  const stop = () => {
    if (child.pid && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
  };
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(300)) {
    if (await ready(urls).catch(() => false)) return { child, ...urls, stop };
  }
  stop();
  throw new Error(`serverless-offline in ${dir} did not answer within 60 s`);
}
