import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type LocalChannels, startLocalChannels } from './channels.js';
import { LOCAL_AWS_CREDENTIALS, localUrls, REGION, type RuntimeOptions } from './config.js';
import { CronScheduler, cronJobs } from './cron-scheduler.js';
import { migrate, runSeeds } from './database.js';
import { startDynamoEmulator, startSqsEmulator } from './emulators.js';
import { lambdaInvoker } from './lambda.js';
import { info, jsonLine, StartupError, warn } from './log.js';
import { spawnOffline, stopOffline, waitForServer } from './offline.js';
import { clearStalePostmaster, startEmbeddedPostgres } from './postgres.js';
import { isPortFree, signal } from './processes.js';
import {
  localSqsClient,
  provisionResources,
  type QueueInfo,
  resolveServerlessConfig,
  type ServerlessConfig,
} from './resources.js';
import { loadSecrets } from './secrets.js';
import { JOURNAL_FILE, replayJournals, rotateJournal } from './sqs-journal.js';
import { SqsPoller, sqsSubscriptions } from './sqs-poller.js';
import { restoreQueues } from './sqs-snapshot.js';
import { claimState, killLeftovers, type RuntimeState, removeState, writeState } from './state.js';
import { TRACE_DIR } from './trace-store.js';

const SQS_SNAPSHOT = 'sqs-snapshot.json';

type Stop = () => Promise<void> | void;
type Part = 'scheduler' | 'poller' | 'offline' | 'channels' | 'dynamodb' | 'sqs' | 'postgres';
// The scheduler and the poller go first (they invoke through serverless-offline), PostgreSQL last.
const STOP_ORDER: Part[] = ['scheduler', 'poller', 'offline', 'channels', 'dynamodb', 'sqs', 'postgres'];

/** The whole local stack. start() brings it up in dependency order; stop() takes it down in reverse. */
export class LocalRuntime {
  readonly urls: ReturnType<typeof localUrls>;
  #stops = new Map<Part, Stop>();
  #queues: QueueInfo[] = [];
  #state: RuntimeState;
  #offline?: ChildProcess;
  #stopping = false;
  /** This run wrote the data dir's state file (and so removes it when it stops; never another run's). */
  #claimed = false;
  #offlineCrashes: number[] = [];
  #offlineWasReady = false;
  /** The generated (or configured) METRICS_TOKEN, for the banner. */
  metricsToken?: string;
  #channels?: LocalChannels;

  constructor(readonly options: RuntimeOptions) {
    this.urls = localUrls(options);
    this.#state = {
      pid: process.pid,
      startedAt: new Date().toISOString(),
      httpPort: options.httpPort,
      lambdaPort: options.lambdaPort,
      ...this.urls,
    };
  }

  /** Returns the banner lines the seeds produced. */
  async start(): Promise<string[]> {
    await this.#prepareDataDir();
    await this.#assertPortsFree();
    // allSettled, not all: on a failure everything that did start must be registered before stop() runs.
    const [config, ...rest] = await Promise.allSettled([
      resolveServerlessConfig(),
      this.#startPostgres(),
      this.#startEmulators(),
    ]);
    for (const result of [config, ...rest]) if (result.status === 'rejected') throw result.reason;
    await writeState(this.options.dataDir, this.#state);
    const resolved = (config as PromiseFulfilledResult<ServerlessConfig>).value;
    const { queues, tables } = await provisionResources(resolved, this.urls).catch(
      this.#explain('SQS/DynamoDB'),
    );
    info(`created ${queues.size} queue(s) and ${tables.length} table(s) from serverless.yml`);
    const applied = await migrate(this.urls.databaseUrl).catch(this.#explain('PostgreSQL'));
    info(applied.length > 0 ? `applied migrations: ${applied.join(', ')}` : 'database schema is up to date');
    const seedLines = await runSeeds(this.urls.databaseUrl, info);
    this.#channels = await startLocalChannels(this.options.dataDir, process.env);
    this.#stops.set('channels', () => this.#channels?.stop());
    await this.#startOffline();
    const secrets = await loadSecrets(this.options.dataDir, process.env);
    await this.#channels.connect(
      `http://localhost:${this.options.httpPort}`,
      secrets.TELEGRAM_WEBHOOK_SECRET!,
    );
    this.#queues = [...queues.values()];
    await this.#restoreQueueContents();
    this.#startPoller(sqsSubscriptions(resolved, queues));
    this.#startScheduler(cronJobs(resolved, queues));
    return seedLines;
  }

  /** Connection errors to services we did not start ourselves (docker compose) get a hint, not a stack trace. */
  #explain(services: string) {
    return (error: Error): never => {
      const external = Object.values(this.options.external).some(Boolean);
      const text = `${(error as { code?: string }).code} ${error}`;
      if (!external || !/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|timeout/i.test(text)) throw error;
      const endpoints = [
        this.urls.databaseUrl.replace(/\/\/[^@]*@/, '//'),
        this.urls.sqsEndpoint,
        this.urls.dynamodbEndpoint,
      ];
      throw new StartupError(
        `cannot reach ${services} (${error.message}); is \`docker compose up\` running?\nendpoints: ${endpoints.join(', ')}`,
      );
    };
  }

  async #prepareDataDir(): Promise<void> {
    const { dataDir } = this.options;
    await fs.mkdir(dataDir, { recursive: true });
    await killLeftovers(dataDir);
    if (this.options.fresh) {
      info(`--fresh: wiping ${dataDir}`);
      await clearStalePostmaster(path.join(dataDir, 'postgres'));
      await fs.rm(dataDir, { recursive: true, force: true });
      await fs.mkdir(dataDir, { recursive: true });
    }
    // Claimed before anything starts: a second start on this data dir is refused from here on, and
    // cannot take this run's state file (or PostgreSQL, or journal) for a dead run's.
    await claimState(dataDir, this.#state);
    this.#claimed = true;
  }

  async #assertPortsFree(): Promise<void> {
    const { httpPort, lambdaPort } = this.options;
    if (!(await isPortFree(httpPort))) {
      throw new StartupError(
        `port ${httpPort} (HTTP API) is in use by another program; use PORT=<n> or --port <n>`,
      );
    }
    if (!(await isPortFree(lambdaPort))) {
      throw new StartupError(
        `port ${lambdaPort} (Lambda invoke API) is in use by another program; use SYNCORE_LAMBDA_PORT=<n> or --lambda-port <n>`,
      );
    }
  }

  async #startPostgres(): Promise<void> {
    if (this.options.external.databaseUrl) return info('PostgreSQL: using DATABASE_URL');
    const postgres = await startEmbeddedPostgres(
      path.join(this.options.dataDir, 'postgres'),
      this.options.pgPort,
    );
    this.#stops.set('postgres', postgres.stop);
    this.#state.postgresPid = postgres.pid;
    info(`PostgreSQL ready on port ${this.options.pgPort}`);
  }

  async #startEmulators(): Promise<void> {
    if (this.options.external.sqsEndpoint) info('SQS: using SQS_ENDPOINT');
    else {
      // Durable queues: the previous run's journal is replayed once the queues exist (see sqs-journal.ts).
      await rotateJournal(this.options.dataDir);
      const sqs = await startSqsEmulator(
        this.options.sqsPort,
        undefined,
        path.join(this.options.dataDir, JOURNAL_FILE),
      );
      this.#stops.set('sqs', () => sqs.stop());
    }
    if (this.options.external.dynamodbEndpoint) info('DynamoDB: using DYNAMODB_ENDPOINT');
    else {
      const dynamo = await startDynamoEmulator(
        this.options.dynamodbPort,
        path.join(this.options.dataDir, 'dynamodb'),
      );
      this.#stops.set('dynamodb', dynamo.stop);
    }
  }

  async #offlineEnv(): Promise<NodeJS.ProcessEnv> {
    const env = process.env;
    const secrets = await loadSecrets(this.options.dataDir, env);
    this.metricsToken = secrets.METRICS_TOKEN;
    return {
      ...env, // SYNCORE_* and application settings (REMINDER_GRACE_MINUTES, ...) pass straight through
      SYNCORE_PLUGINS: 'offline',
      DATABASE_URL: this.urls.databaseUrl,
      SQS_ENDPOINT: this.urls.sqsEndpoint,
      DYNAMODB_ENDPOINT: this.urls.dynamodbEndpoint,
      LAMBDA_ENDPOINT: `http://127.0.0.1:${this.options.lambdaPort}`,
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
      ...secrets,
      ...this.#channels?.env,
      PUBLIC_BASE_URL: env.PUBLIC_BASE_URL || `http://localhost:${this.options.httpPort}`,
      // Recent spans for `npm run trace` (and OTLP too when OTEL_EXPORTER_OTLP_ENDPOINT is set).
      SYNCORE_TRACE_DIR: env.SYNCORE_TRACE_DIR || path.join(path.resolve(this.options.dataDir), TRACE_DIR),
      LOG_LEVEL: env.LOG_LEVEL || 'INFO',
      // serverless-offline is one process that is never frozen: counters and spans are written by a timer.
      SYNCORE_TELEMETRY_BACKGROUND: env.SYNCORE_TELEMETRY_BACKGROUND || 'true',
      // Our scheduler fires the `schedule` events (with retries and on-failure records), not serverless-offline.
      SYNCORE_LOCAL_SCHEDULER: 'true',
    };
  }

  async #startOffline(): Promise<void> {
    const { httpPort, lambdaPort, dev, quiet } = this.options;
    const child = spawnOffline({ httpPort, lambdaPort, dev, quiet, env: await this.#offlineEnv() });
    this.#offline = child;
    this.#stops.set('offline', () => stopOffline(child));
    this.#state.offlinePid = child.pid;
    await writeState(this.options.dataDir, this.#state);
    child.once('exit', (code, sig) => this.#onOfflineExit(child, code ?? sig));
    const health = await waitForServer(child, httpPort);
    this.#offlineWasReady = true;
    if (health?.healthy) info(`serverless-offline ready (GET /health → ${health.status})`);
    else warn(`serverless-offline is up, but GET /health answered ${health?.status} without a health report`);
  }

  /** An uncaught exception in a handler kills serverless-offline: bring it back instead of a dead API. */
  #onOfflineExit(child: ChildProcess, reason: number | string | null): void {
    // A crash during startup fails the start instead (waitForServer notices); only restart a stack that was up.
    if (this.#stopping || child !== this.#offline || !this.#offlineWasReady) return;
    const now = Date.now();
    this.#offlineCrashes = [...this.#offlineCrashes.filter((at) => now - at < 60_000), now];
    if (this.#offlineCrashes.length > 3) {
      warn('serverless-offline keeps exiting; giving up');
      process.kill(process.pid, 'SIGTERM');
      return;
    }
    warn(`serverless-offline exited unexpectedly (${reason}); restarting it`);
    setTimeout(() => {
      if (!this.#stopping) this.#startOffline().catch((error) => warn(`restart failed: ${error.message}`));
    }, 500);
  }

  #startPoller(subscriptions: ReturnType<typeof sqsSubscriptions>): void {
    const sqs = localSqsClient(this.urls.sqsEndpoint);
    const lambda = lambdaInvoker(this.options.lambdaPort);
    const poller = new SqsPoller({
      sqs,
      invoke: lambda.invoke,
      // Batches in flight per queue; the consuming handlers' database pools are the real limit.
      concurrency: Number(process.env.SYNCORE_POLLER_CONCURRENCY) || 4,
      region: REGION,
      log: (entry) => jsonLine(entry.error ? 'WARN' : 'INFO', 'sqs batch', entry),
    });
    poller.start(subscriptions);
    for (const s of subscriptions) info(`polling ${s.queueArn.split(':').pop()} → ${s.functionKey}`);
    this.#stops.set('poller', async () => {
      // A batch still running after 3 s is abandoned: its messages reappear after the visibility timeout.
      await Promise.race([poller.stop(), sleep(3_000)]);
      lambda.close();
      sqs.destroy();
    });
  }

  /** EventBridge + async Lambda: schedules, retries, the on-failure record (local/cron-scheduler.ts). */
  #startScheduler(jobs: ReturnType<typeof cronJobs>): void {
    const sqs = localSqsClient(this.urls.sqsEndpoint);
    const lambda = lambdaInvoker(this.options.lambdaPort);
    const delay = Number(process.env.SYNCORE_CRON_RETRY_DELAY_MS) || 60_000;
    const scheduler = new CronScheduler({
      sqs,
      invoke: lambda.invoke,
      region: REGION,
      // Lambda waits about a minute before the first retry and two before the second.
      retryDelaysMs: [delay, 2 * delay],
      // A run that succeeded first time is the normal case (8 crons a minute): only retries and failures.
      log: (entry) => {
        if (entry.outcome === 'failed') jsonLine('WARN', 'scheduled invocation failed', entry);
        else if (entry.attempts > 1) jsonLine('INFO', 'scheduled invocation', entry);
      },
    });
    scheduler.start(jobs);
    info(`scheduling ${jobs.length} schedule event(s) (on failure: retries, then the on-failure queue)`);
    this.#stops.set('scheduler', async () => {
      await Promise.race([scheduler.stop(), sleep(3_000)]);
      lambda.close();
      sqs.destroy();
    });
  }

  async #restoreQueueContents(): Promise<void> {
    if (this.options.external.sqsEndpoint) return;
    const sqs = localSqsClient(this.urls.sqsEndpoint);
    try {
      // A snapshot left by a version before the journal, then the journals of earlier runs.
      const restored =
        (await restoreQueues(sqs, this.#queues, path.join(this.options.dataDir, SQS_SNAPSHOT))) +
        (await replayJournals(sqs, this.#queues, this.options.dataDir));
      if (restored > 0) info(`re-queued ${restored} message(s) accepted by the previous run`);
    } finally {
      sqs.destroy();
    }
  }

  /** Stops everything started so far: poller, serverless-offline, emulators, PostgreSQL. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    for (const part of STOP_ORDER) await this.#run(part);
    if (this.#claimed) await removeState(this.options.dataDir).catch(() => undefined);
  }

  /** Last resort when stop() hangs: kill serverless-offline's group and PostgreSQL right now. */
  killNow(): void {
    if (this.#offline?.pid) signal(-this.#offline.pid, 'SIGKILL');
    if (this.#state.postgresPid) signal(this.#state.postgresPid, 'SIGQUIT'); // immediate shutdown
  }

  async #run(part: Part): Promise<void> {
    const stop = this.#stops.get(part);
    if (!stop) return;
    const started = Date.now();
    try {
      await stop();
      info(`stopped ${part} (${Date.now() - started} ms)`);
    } catch (error) {
      warn(`stopping ${part}: ${(error as Error).message}`);
    }
  }
}
