/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL if set, else to the embedded
 * database of SYNCORE_DATA_DIR (the running stack's, or a temporarily started one).
 */
import path from 'node:path';
import { parseRuntimeOptions } from './config.js';
import { migrate } from './database.js';
import { StartupError } from './log.js';
import { startEmbeddedPostgres } from './postgres.js';
import { isRuntimeRunning, readState } from './state.js';

async function databaseUrl(): Promise<{ url: string; stop?: () => Promise<void> }> {
  const options = parseRuntimeOptions(process.argv.slice(2), process.env); // validates DATABASE_URL's host too
  if (options.external.databaseUrl) return { url: options.external.databaseUrl };
  const { dataDir } = options;
  const state = await readState(dataDir);
  if (state && isRuntimeRunning(state)) return { url: state.databaseUrl };
  console.log(`starting the embedded PostgreSQL of ${dataDir} for the migration`);
  const postgres = await startEmbeddedPostgres(path.join(dataDir, 'postgres'), options.pgPort);
  return { url: postgres.url, stop: postgres.stop };
}

async function main(): Promise<void> {
  const { url, stop } = await databaseUrl();
  try {
    const applied = await migrate(url);
    console.log(applied.length > 0 ? `applied: ${applied.join(', ')}` : 'already up to date');
  } finally {
    await stop?.();
  }
}

await main().catch((error) => {
  console.error(error instanceof StartupError ? error.message : error);
  process.exitCode = 1;
});
