import { databaseConnection } from '../aws/secrets.js';
import { platformConfig } from '../config.js';
import { rootLogger } from '../observability.js';
import { createDb, type Database } from './client.js';

export type { Database } from './client.js';
export type { DB } from './schema.js';

let db: Promise<Database> | undefined;

/**
 * The container's database handle: one small pool, created on first use and reused across invocations.
 * A failed start (say Secrets Manager did not answer) is not cached: the next invocation tries again.
 */
export function getDb(): Promise<Database> {
  db ??= databaseConnection()
    .then((connection) =>
      createDb(connection, {
        max: platformConfig().DATABASE_POOL_MAX,
        connectTimeoutMs: platformConfig().DATABASE_CONNECT_TIMEOUT_MS,
        statementTimeoutMs: platformConfig().DATABASE_STATEMENT_TIMEOUT_MS,
        idleInTransactionTimeoutMs: platformConfig().DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS,
        preparedStatements: platformConfig().DATABASE_PREPARED_STATEMENTS === 'true',
        onError: (error) => rootLogger.warn('idle database connection failed', { error }),
      }),
    )
    .catch((error) => {
      db = undefined;
      throw error;
    });
  return db;
}

/** Closes the pool (tests and scripts; a Lambda container keeps it for its whole life). */
export async function closeDb(): Promise<void> {
  const current = db;
  db = undefined;
  if (current) await (await current).destroy();
}

/**
 * Drops the pool after a connection-level failure (see availability.ts): its connections may be stuck
 * behind a query the server never answered. The next getDb() connects afresh; the old pool is closed in
 * the background, and a close that never completes (server still frozen) costs nothing.
 */
export function discardDb(): void {
  const current = db;
  db = undefined;
  current
    ?.then((old) => old.destroy())
    .catch((error) => rootLogger.warn('closing a discarded database pool failed', { error }));
}
