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
