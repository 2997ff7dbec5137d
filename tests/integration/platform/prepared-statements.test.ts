/**
 * Prepared statements (layers/platform/db/prepared.ts) on the test server: what gets prepared, and what
 * happens when a migration changes what a prepared `select *` returns.
 */
import { randomUUID } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createDb } from '#platform/db/client';
import { preparingPool } from '#platform/db/prepared';

const table = `prepared_probe_${randomUUID().replaceAll('-', '')}`;
// biome-ignore lint/suspicious/noExplicitAny: a table made for the test, outside the generated schema
type AnyDb = Kysely<any>;
const dbs: AnyDb[] = [];

/** One connection, so every statement and pg_prepared_statements see the same session. */
function oneConnection(options: { preparedStatements?: boolean } = {}): AnyDb {
  const db = createDb(process.env.DATABASE_URL!, { max: 1, ...options });
  dbs.push(db);
  return db;
}

/** The statements prepared on the connection (the listing itself left out: it runs often enough). */
async function prepared(db: AnyDb): Promise<string[]> {
  const { rows } = await sql<{
    statement: string;
  }>`select statement from pg_prepared_statements order by prepare_time`.execute(db);
  return rows
    .map((row) => row.statement)
    .filter((statement) => !statement.includes('pg_prepared_statements'));
}

beforeEach(async () => {
  const db = oneConnection();
  await sql.raw(`create table ${table} (id int primary key, note text)`).execute(db);
  await sql.raw(`insert into ${table} values (1, 'one'), (2, 'two')`).execute(db);
});

afterEach(async () => {
  await sql.raw(`drop table if exists ${table}`).execute(dbs[0]!);
  await Promise.all(dbs.splice(0).map((db) => db.destroy()));
});

it('prepares a data statement on its second use on a connection, and nothing else', async () => {
  const db = oneConnection();
  const byId = (id: number) => db.selectFrom(table).select('note').where('id', '=', id).executeTakeFirst();

  expect(await byId(1)).toEqual({ note: 'one' });
  expect(await prepared(db)).toEqual([]);
  expect(await byId(2)).toEqual({ note: 'two' });
  expect(await byId(1)).toEqual({ note: 'one' });
  const statements = await prepared(db);
  expect(statements).toHaveLength(1);
  expect(statements[0]).toContain(`from "${table}"`);

  // Transaction control and DDL are never prepared, however often they run.
  for (let i = 0; i < 3; i++) {
    await db.transaction().execute(async (trx) => {
      await sql.raw(`alter table ${table} alter column note set default 'n${i}'`).execute(trx);
    });
  }
  expect(await prepared(db)).toEqual(statements);
});

it('runs several statements in one text unprepared, however often (they cannot be one prepared statement)', async () => {
  const db = oneConnection();
  for (let i = 0; i < 3; i++) {
    await sql
      .raw(`update ${table} set note = 'x' where id = 1; update ${table} set note = 'y' where id = 2`)
      .execute(db);
  }
  expect(await db.selectFrom(table).select('note').orderBy('id').execute()).toEqual([
    { note: 'x' },
    { note: 'y' },
  ]);
  expect(await prepared(db)).toEqual([]);
});

it('prepares nothing when turned off', async () => {
  const db = oneConnection({ preparedStatements: false });
  for (let i = 0; i < 3; i++) await db.selectFrom(table).select('note').where('id', '=', 1).execute();
  expect(await prepared(db)).toEqual([]);
});

it('keeps at most maxPerConnection statements, running the others unnamed', async () => {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  const db: AnyDb = new Kysely({
    dialect: new PostgresDialect({ pool: preparingPool(pool, { maxPerConnection: 2, threshold: 1 }) }),
  });
  dbs.push(db);
  for (const column of ['id', 'note', 'id + 100']) {
    const rows = await db.selectFrom(table).select(sql.raw(column).as('c')).orderBy('id').execute();
    expect(rows).toHaveLength(2);
  }
  // The two first texts; the third ran unnamed.
  const statements = await prepared(db);
  expect(statements).toHaveLength(2);
  expect(statements.join('\n')).not.toContain('id + 100');
});

describe('after a migration changes what a prepared select * returns', () => {
  const readAll = (db: AnyDb) => db.selectFrom(table).selectAll().orderBy('id').execute();

  it('outside a transaction: the statement is prepared afresh and the caller sees the new column', async () => {
    const db = oneConnection();
    await readAll(db);
    await readAll(db); // prepared now
    await sql.raw(`alter table ${table} add column extra int default 7`).execute(dbs[0]!);

    expect(await readAll(db)).toEqual([
      { id: 1, note: 'one', extra: 7 },
      { id: 2, note: 'two', extra: 7 },
    ]);
    expect(await readAll(db)).toHaveLength(2);
  });

  it('inside a transaction: that transaction fails once, the next one succeeds', async () => {
    const db = oneConnection();
    await readAll(db);
    await readAll(db);
    await sql.raw(`alter table ${table} add column extra int default 7`).execute(dbs[0]!);

    await expect(db.transaction().execute((trx) => readAll(trx))).rejects.toMatchObject({ code: '0A000' });
    const rows = await db.transaction().execute((trx) => readAll(trx));
    expect(rows[0]).toEqual({ id: 1, note: 'one', extra: 7 });
  });

  it('a statement the server no longer has (DEALLOCATE ALL, as a pooler may do) is prepared again', async () => {
    const db = oneConnection();
    await readAll(db);
    await readAll(db);
    await sql.raw('deallocate all').execute(db);

    expect(await readAll(db)).toHaveLength(2);
    expect(await readAll(db)).toHaveLength(2);
  });
});
