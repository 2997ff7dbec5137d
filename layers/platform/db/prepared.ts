import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Server-side prepared statements for kysely's pg driver, the way pgx (Go) and pgjdbc do it by default.
 *
 * Why: kysely sends every statement unnamed, so PostgreSQL parses, analyses and plans it on every
 * execution. For the week view's two queries that is about two thirds of the server's CPU per request
 * (measured: ~370 µs unnamed, ~120 µs prepared; docs/performance.md "Fourth pass"), and the database is the one
 * part of the system that does not scale out with Lambda. A statement run a second time on a
 * connection is prepared there under a name of that connection, and later executions only bind and
 * execute it.
 *
 * What is prepared: single data statements (`select`, `insert`, `update`, `delete`, `with`), from their
 * second use on a connection (one-off texts, such as an `in (...)` list of a new length, never take a
 * slot), at most `maxPerConnection` of them (the rest run unnamed). Transaction control, `set`, DDL and
 * everything else run as before.
 *
 * When a prepared statement goes stale: a migration that changes what `select *` returns makes
 * PostgreSQL refuse the old statement ("cached plan must not change result type"), and a pooler or
 * `DISCARD ALL` can make it disappear. The statement is then dropped from this connection's names (the
 * next use prepares it afresh under a new name) and, outside a transaction, run again at once; inside one
 * the transaction is already aborted, so the error goes up like any other (the caller's retry, or an SQS
 * redelivery, then succeeds). Behind a transaction-mode pooler that cannot keep named statements
 * (PgBouncer before 1.21), turn this off: `DATABASE_PREPARED_STATEMENTS=false`.
 */
export interface PreparedStatementOptions {
  /** Named statements per connection at most (default 100). */
  maxPerConnection?: number;
  /** Uses of a text on a connection before it is prepared (default 2). */
  threshold?: number;
}

const DATA_STATEMENT = /^\s*(select|insert|update|delete|with)\b/i;
/** Several statements in one text cannot be one prepared statement (a `;` inside a literal only costs the preparing). */
const SEVERAL_STATEMENTS = /;\s*\S/;
const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|end|abort|rollback(?!\s+to\b))\b/i;
/** How many unprepared texts a connection counts before it forgets them (one-off texts stay cheap). */
const MAX_COUNTED = 1_000;

interface Statements {
  /** text → the name it is prepared under on this connection */
  names: Map<string, string>;
  /** text → uses so far, for texts not (yet) prepared */
  uses: Map<string, number>;
  serial: number;
  inTransaction: boolean;
}

/** PostgreSQL's word that a named statement can no longer be used as it was prepared. */
function isStalePreparedStatement(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: string; message?: string };
  return (
    code === '26000' || // invalid_sql_statement_name: "prepared statement … does not exist"
    (code === '0A000' && /cached plan must not change result type/.test(message ?? ''))
  );
}

/** The pool kysely's PostgresDialect is given: pg's own, with every client preparing its statements. */
export function preparingPool(pool: pg.Pool, options: PreparedStatementOptions = {}): PostgresPool {
  const maxPerConnection = options.maxPerConnection ?? 100;
  const threshold = options.threshold ?? 2;
  // One wrapper per pg client: kysely keys its connection objects by the client it is given.
  const wrappers = new WeakMap<pg.PoolClient, PostgresPoolClient>();

  const nameFor = (statements: Statements, text: string): string | undefined => {
    const name = statements.names.get(text);
    if (name !== undefined || !DATA_STATEMENT.test(text) || SEVERAL_STATEMENTS.test(text)) return name;
    const uses = (statements.uses.get(text) ?? 0) + 1;
    if (uses < threshold || statements.names.size >= maxPerConnection) {
      if (statements.uses.size >= MAX_COUNTED) statements.uses.clear();
      statements.uses.set(text, uses);
      return undefined;
    }
    statements.uses.delete(text);
    const fresh = `syncore_${++statements.serial}`;
    statements.names.set(text, fresh);
    return fresh;
  };

  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    const statements: Statements = { names: new Map(), uses: new Map(), serial: 0, inTransaction: false };

    const run = async (text: string, values: unknown[]) => {
      const name = nameFor(statements, text);
      if (name === undefined) return client.query(text, values);
      try {
        return await client.query({ name, text, values });
      } catch (error) {
        if (!isStalePreparedStatement(error)) throw error;
        statements.names.delete(text);
        statements.uses.set(text, threshold - 1); // its next use prepares it again, under a new name
        if (statements.inTransaction) throw error;
        return client.query({ name: nameFor(statements, text), text, values });
      }
    };

    const query = async (text: string, values: unknown[]) => {
      if (TRANSACTION_START.test(text)) {
        const result = await client.query(text, values);
        statements.inTransaction = true;
        return result;
      }
      if (TRANSACTION_END.test(text)) {
        try {
          return await client.query(text, values);
        } finally {
          statements.inTransaction = false;
        }
      }
      return run(text, values);
    };

    return {
      // A cursor (kysely's stream()) goes to pg as it is.
      query: ((textOrCursor: unknown, values?: readonly unknown[]) =>
        typeof textOrCursor === 'string'
          ? query(textOrCursor, [...(values ?? [])])
          : client.query(textOrCursor as never)) as unknown as PostgresPoolClient['query'],
      release: (destroy?: boolean) => client.release(destroy),
      get processID() {
        return (client as unknown as { processID?: number }).processID;
      },
    };
  };

  return {
    // pg's Pool keeps its Client class (untyped): kysely opens a control connection with it to cancel.
    Client: (pool as unknown as Pick<PostgresPool, 'Client'>).Client,
    options: pool.options,
    connect: async () => {
      const client = await pool.connect();
      let wrapper = wrappers.get(client);
      if (!wrapper) {
        wrapper = wrap(client);
        wrappers.set(client, wrapper);
      }
      return wrapper;
    },
    end: () => pool.end(),
  };
}
