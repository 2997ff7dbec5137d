import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { sqlSpans } from '../telemetry/instrument.js';
import { preparingPool } from './prepared.js';
import type { DB } from './schema.js';

export type Database = Kysely<DB>;

export interface DbOptions {
  /** Connections in this pool. A Lambda container serves one request at a time, so 1–2 is plenty. */
  max?: number;
  idleTimeoutMillis?: number;
  /** Giving up on a new connection (pool connect). */
  connectTimeoutMs?: number;
  /**
   * Server-side `statement_timeout` (0 = none). The client also gives up on a query this long plus a
   * second: a server that stops answering altogether (frozen, partitioned) cannot cancel anything itself.
   */
  statementTimeoutMs?: number;
  /** Server-side `idle_in_transaction_session_timeout` (0 = none): a forgotten transaction ends. */
  idleInTransactionTimeoutMs?: number;
  /**
   * Statements run again on a connection are prepared there (prepared.ts; default true). Off only behind a
   * pooler that cannot keep named statements (PgBouncer in transaction mode before 1.21).
   */
  preparedStatements?: boolean;
  onError?: (error: Error) => void;
}

// timestamptz → Date and int8 → string (pg defaults, matching the generated schema types).
// `date` columns stay 'YYYY-MM-DD' strings: a calendar date has no time zone, a JS Date would invent one.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);

/** A connection string, or pg's pool settings (e.g. a password function that follows secret rotation). */
export type Connection = string | pg.PoolConfig;

export const DB_DEFAULTS = {
  connectTimeoutMs: 2_000,
  statementTimeoutMs: 5_000,
  idleInTransactionTimeoutMs: 10_000,
};

export function createDb(connection: Connection, options: DbOptions = {}): Database {
  const statementTimeout = options.statementTimeoutMs ?? DB_DEFAULTS.statementTimeoutMs;
  const pool = new pg.Pool({
    ...(typeof connection === 'string' ? { connectionString: connection } : connection),
    max: options.max ?? 2,
    idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? DB_DEFAULTS.connectTimeoutMs,
    // Sent as startup parameters: they hold on every connection of the pool, for its whole life.
    statement_timeout: statementTimeout,
    idle_in_transaction_session_timeout:
      options.idleInTransactionTimeoutMs ?? DB_DEFAULTS.idleInTransactionTimeoutMs,
    ...(statementTimeout > 0 ? { query_timeout: statementTimeout + 1_000 } : {}),
  });
  // An idle client losing its connection emits 'error' on the pool; unhandled, it would kill the process.
  pool.on('error', (error) => options.onError?.(error));
  // A span per statement when tracing is on (a no-op otherwise).
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool: options.preparedStatements === false ? pool : preparingPool(pool) }),
    log: sqlSpans,
  });
}
