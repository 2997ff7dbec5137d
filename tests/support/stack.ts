import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { REPO_ROOT } from '../../local/config.js';
import { type Invoke, lambdaInvoker } from '../../local/lambda.js';
import { freePort } from '../../local/processes.js';
import { type RuntimeState, readState } from '../../local/state.js';
import { disposeDir, makeTempDir } from './temp-dirs.js';

export interface Stack {
  baseUrl: string;
  lambdaPort: number;
  dataDir: string;
  invoke: Invoke;
  /** runtime.json of the running stack (pids, ports). */
  state(): Promise<RuntimeState>;
  /** Ctrl-C: SIGINT, resolves with the exit code; rejects if the runtime is still running after 10 s. */
  stop(): Promise<number | null>;
  /** kill -9 of the runtime only, as a crash would leave it. */
  kill9(): Promise<void>;
  /** Everything the runtime printed (for failure messages). */
  output(): string;
}

export interface StackOptions {
  /** Reuse a data dir (restart tests); a fresh temp dir otherwise. */
  dataDir?: string;
}

// The stack must start its own embedded services, not use the ones globalSetup exported for other tests.
const INHERITED_NOT_WANTED = [
  'DATABASE_URL',
  'SQS_ENDPOINT',
  'DYNAMODB_ENDPOINT',
  'NODE_OPTIONS',
  'JWT_SECRET',
  // The stack derives these from its own port; the test environment's values point elsewhere.
  'PUBLIC_BASE_URL',
  'PAYMENT_PROVIDER_URL',
  // Generated into the stack's own secrets.json, as `npm start` does (tests read them from there).
  'PAYMENT_PROVIDER_API_KEY',
  'PAYMENT_PROVIDER_WEBHOOK_SECRET',
];

async function stackEnv(): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of INHERITED_NOT_WANTED) delete env[name];
  env.SYNCORE_PG_PORT = String(await freePort());
  env.SYNCORE_SQS_PORT = String(await freePort());
  env.SYNCORE_DYNAMODB_PORT = String(await freePort());
  // End-to-end tests and benchmarks sign up many users from 127.0.0.1.
  env.REGISTRATIONS_PER_IP_PER_HOUR ??= '1000000';
  return env;
}

/** Starts the real local runtime (`local/start.ts`) on free ports and waits until /health answers. */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const dataDir = options.dataDir ?? (await makeTempDir('stack'));
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const args = [
    '--import',
    'tsx',
    'local/start.ts',
    '--port',
    String(httpPort),
    '--lambda-port',
    String(lambdaPort),
  ];
  const child = spawn(process.execPath, [...args, '--data-dir', dataDir, '--quiet'], {
    cwd: REPO_ROOT,
    env: await stackEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const capture = (chunk: Buffer) => {
    output += chunk.toString();
    if (process.env.DEBUG_LOGS) process.stderr.write(chunk);
  };
  child.stdout!.on('data', capture);
  child.stderr!.on('data', capture);
  const baseUrl = `http://127.0.0.1:${httpPort}`;
  await waitForHealth(child, baseUrl, () => output);
  const lambda = lambdaInvoker(lambdaPort);
  return {
    baseUrl,
    lambdaPort,
    dataDir,
    invoke: lambda.invoke,
    state: async () => (await readState(dataDir))!,
    stop: async () => {
      lambda.close();
      return stopChild(child, 'SIGINT');
    },
    kill9: async () => {
      lambda.close();
      await stopChild(child, 'SIGKILL');
    },
    output: () => output,
  };
}

async function waitForHealth(child: ChildProcess, baseUrl: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the runtime exited (${child.exitCode}):\n${output()}`);
    const status = await fetch(`${baseUrl}/health`)
      .then(async (response) => {
        await response.body?.cancel();
        return response.status;
      })
      .catch(() => 0);
    if (status === 200 || status === 503) return;
    await sleep(250);
  }
  child.kill('SIGKILL');
  throw new Error(`the runtime did not answer GET /health within 90 s:\n${output()}`);
}

async function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = once(child, 'exit').then(() => 'exited' as const);
  child.kill(signal);
  const timer = new AbortController();
  const outcome = await Promise.race([exited, sleep(10_000, 'timeout' as const, { signal: timer.signal })]);
  timer.abort();
  if (outcome === 'timeout') throw new Error(`the runtime did not exit within 10 s of ${signal}`);
  return child.exitCode;
}

/** Stops a stack if needed and removes its data dir with anything left running from it. */
export async function disposeStack(stack: Stack | undefined): Promise<void> {
  if (!stack) return;
  await stack.stop().catch(() => undefined);
  await disposeDir(stack.dataDir);
}
