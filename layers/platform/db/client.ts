import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;

export interface DbOptions {
  /** Connections in this pool. A Lambda container serves one request at a time, so 1–2 is plenty. */
  max?: number;
  idleTimeoutMillis?: number;
  onError?: (error: Error) => void;
}

// timestamptz → Date and int8 → string (pg defaults, matching the generated schema types).
// `date` columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone, a JS Date would invent one.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A connection string, or pg's pool settings (e.g. a password function that follows secret rotation). */
export type Connection = string | pg.PoolConfig;

export function createDb(connection: Connection, options: DbOptions = {}): Database {
  const pool = new pg.Pool({
    ...(typeof connection === 'string' ? { connectionString: connection } : connection),
    max: options.max ?? 2,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (error) => options.onError?.(error));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
