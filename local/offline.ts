import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT, STAGE } from './config.js';
import { StartupError, warn } from './log.js';
import { terminate } from './processes.js';

export interface OfflineOptions {
  httpPort: number;
  lambdaPort: number;
  /** --reloadHandler (picks up edits, slow) instead of --useInProcess (fast, one module instance). */
  dev: boolean;
  /** Hold back serverless-offline's startup chatter (shown only if it fails to start). */
  quiet: boolean;
  env: NodeJS.ProcessEnv;
}

const SERVERLESS_BIN = path.join(REPO_ROOT, 'node_modules/serverless/bin/serverless.js');
const WATCHDOG = path.join(REPO_ROOT, 'local/parent-watchdog.mjs');

/** serverless-offline serving the HTTP API and the Lambda Invoke API, in its own process group. */
export function spawnOffline(options: OfflineOptions): ChildProcess {
  const args = [
    // Extra Node flags for the serverless-offline process only, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
    // to profile the API under load (docs/performance.md).
    ...(process.env.SYNCORE_OFFLINE_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? []),
    '--import',
    WATCHDOG,
    SERVERLESS_BIN,
    'offline',
    'start',
    '--stage',
    STAGE,
    '--host',
    '127.0.0.1',
    '--httpPort',
    String(options.httpPort),
    '--lambdaPort',
    String(options.lambdaPort),
    options.dev ? '--reloadHandler' : '--useInProcess',
  ];
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: options.env,
    // Own process group: stopping it stops the esbuild/tsx helpers too, and a terminal Ctrl-C reaches only
    // us, so we decide the shutdown order. The stdin pipe tells the watchdog when we are gone.
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const gate = new OutputGate(options.quiet);
  forward(child.stdout!, (line) => gate.write(process.stdout, line));
  forward(child.stderr!, (line) => gate.write(process.stderr, line));
  // Startup chatter held back in quiet mode is exactly what explains a failed start.
  child.once('exit', () => gate.open());
  return child;
}

/**
 * In quiet mode, holds back serverless-offline's startup output (route table, function list) until it
 * says "Server ready"; from then on handler logs and errors pass through. Not quiet: everything passes.
 */
class OutputGate {
  #held: Array<[NodeJS.WritableStream, string]> | undefined;

  constructor(quiet: boolean) {
    this.#held = quiet ? [] : undefined;
  }

  write(to: NodeJS.WritableStream, line: string): void {
    if (!this.#held) {
      to.write(`${line}\n`);
    } else if (line.startsWith('Server ready')) {
      this.#held = undefined;
    } else {
      this.#held.push([to, line]);
    }
  }

  open(): void {
    for (const [to, line] of this.#held ?? []) to.write(`${line}\n`);
    this.#held = undefined;
  }
}

function forward(from: NodeJS.ReadableStream, write: (line: string) => void): void {
  createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', write);
}

/** One GET /health: the answer if the server is listening, undefined if not (yet). */
async function probeHealth(httpPort: number): Promise<{ status: number; healthy: boolean } | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${httpPort}/health`, {
      signal: AbortSignal.timeout(15_000),
    });
    const body = (await response.json().catch(() => undefined)) as { status?: unknown } | undefined;
    // serverless-offline answers 200 even when the handler failed to load: look for the health body too.
    const healthy = (response.status === 200 || response.status === 503) && typeof body?.status === 'string';
    return { status: response.status, healthy };
  } catch {
    return undefined;
  }
}

/**
 * Waits until serverless-offline listens, then (up to `healthMs` more, the first request compiles the
 * handler) until GET /health gives a health answer. Returns that answer, or the last one seen.
 */
export async function waitForServer(child: ChildProcess, httpPort: number, healthMs = 30_000) {
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  let answer = await probeHealth(httpPort);
  for (const deadline = Date.now() + 60_000; !answer; answer = await probeHealth(httpPort)) {
    if (exited())
      throw new StartupError(
        `serverless-offline exited (${child.exitCode ?? child.signalCode}) before it was ready`,
      );
    if (Date.now() > deadline)
      throw new StartupError(`serverless-offline did not listen on port ${httpPort} within 60 s`);
    await sleep(200);
  }
  for (const deadline = Date.now() + healthMs; !answer?.healthy && Date.now() < deadline && !exited(); ) {
    await sleep(500);
    answer = (await probeHealth(httpPort)) ?? answer;
  }
  return answer;
}

export async function stopOffline(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null || child.signalCode !== null) return;
  // serverless-offline halts its servers on SIGTERM and exits; SIGKILL the group if it does not.
  await terminate(-child.pid, 'SIGTERM', 4_000).catch((error) =>
    warn(`stopping serverless-offline: ${error}`),
  );
}
