/**
 * `npm start`: PostgreSQL, SQS and DynamoDB emulators, the resources of serverless.yml, migrations,
 * seeds, serverless-offline and the SQS poller — everything the functions need, on one machine, no Docker.
 * Flags: --port N, --lambda-port N, --data-dir DIR, --fresh, --dev, --quiet (see docs in local/README.md).
 */
import { parseRuntimeOptions, type RuntimeOptions } from './config.js';
import { info, StartupError, setQuiet, warn } from './log.js';
import { LocalRuntime } from './runtime.js';

// Ctrl-C must leave nothing behind within 10 s, even if a part hangs on the way down.
const SHUTDOWN_DEADLINE_MS = 9_000;

function banner(options: RuntimeOptions, runtime: LocalRuntime, seedLines: string[]): string {
  const api = `http://localhost:${options.httpPort}`;
  const rows = [
    ['API', api],
    ['Docs', `${api}/docs`],
    ['OpenAPI', `${api}/openapi.json`],
    ['Health', `${api}/health`],
    [
      'Status',
      `${api}/status?token=${runtime.metricsToken ?? ''}  (/metrics: Bearer token; npm run trace -- <id>)`,
    ],
    ['Lambda API', `http://127.0.0.1:${options.lambdaPort}  (npm run invoke -- <function> [event-json])`],
    ['PostgreSQL', runtime.urls.databaseUrl],
    ['SQS', runtime.urls.sqsEndpoint],
    ['DynamoDB', runtime.urls.dynamodbEndpoint],
    ['Data dir', options.dataDir],
  ];
  const lines = rows.map(([label, value]) => `  ${label!.padEnd(11)} ${value}`);
  return [
    '',
    `syncore is running${options.dev ? ' (dev: handlers reload on change)' : ''}`,
    ...lines,
    ...seedLines.map((line) => `  ${line}`),
    '',
    'Ctrl-C to stop',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const options = parseRuntimeOptions(process.argv.slice(2), process.env);
  setQuiet(options.quiet);
  const runtime = new LocalRuntime(options);
  let exitCode = 0;
  let stopping = false;
  const shutdown = async (reason: string) => {
    // npm forwards the terminal's SIGINT and then sends SIGTERM: the second signal must not cut the first short.
    if (stopping) return info(`${reason}: already stopping`);
    stopping = true;
    info(`${reason}: stopping`);
    setTimeout(() => {
      warn('shutdown is taking too long: killing what is left');
      runtime.killNow();
      process.exit(exitCode || 1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    await runtime.stop();
    info('stopped');
    process.exit(exitCode);
  };
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => void shutdown(sig));
  // A bug in the runtime itself must still take serverless-offline and PostgreSQL down with it.
  const crash = (error: unknown) => {
    exitCode = 1;
    report(error);
    void shutdown('internal error');
  };
  process.on('uncaughtException', crash);
  process.on('unhandledRejection', crash);
  try {
    const seedLines = await runtime.start();
    if (!options.quiet) process.stdout.write(banner(options, runtime, seedLines));
  } catch (error) {
    exitCode = 1;
    report(error);
    await shutdown('startup failed');
  }
}

function report(error: unknown): void {
  console.error(error instanceof StartupError ? `[syncore] ${error.message}` : error);
}

await main().catch((error) => {
  report(error);
  process.exitCode = 1;
});
