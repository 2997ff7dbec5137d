// `npm run db:codegen` regenerates layers/platform/db/schema.ts from the migrations;
// `npm run db:codegen:check` (CI) fails if the committed file differs from what the migrations produce.
// It migrates a throw-away embedded PostgreSQL, so it needs no running stack and never touches your data.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '#platform/db/client';
import { migrateToLatest } from '#platform/db/migrate';
import { REPO_ROOT } from './config.js';
import { startEmbeddedPostgres } from './postgres.js';
import { freePort } from './processes.js';

const SCHEMA_FILE = path.join(REPO_ROOT, 'layers/platform/db/schema.ts');
const check = process.argv.includes('--check');

const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-codegen-'));
const postgres = await startEmbeddedPostgres(path.join(dir, 'pg'), await freePort());
let failed = false;
try {
  const db = createDb(postgres.url, { max: 1 });
  await migrateToLatest(db);
  await db.destroy();
  const args = [
    '--dialect=postgres',
    `--url=${postgres.url}`,
    `--out-file=${SCHEMA_FILE}`,
    '--date-parser=string',
    '--numeric-parser=string',
    '--exclude-pattern=kysely_*',
    '--log-level=error',
    ...(check ? ['--verify'] : []),
  ];
  try {
    execFileSync(path.join(REPO_ROOT, 'node_modules/.bin/kysely-codegen'), args, { stdio: 'inherit' });
  } catch {
    failed = true;
    console.error(
      check ? 'schema.ts is out of date: run `npm run db:codegen` and commit it' : 'kysely-codegen failed',
    );
  }
} finally {
  await postgres.stop();
  await fs.rm(dir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
