import { createDb } from '#platform/db/client';
import { migrateToLatest } from '#platform/db/migrate';
import { warn } from './log.js';
import { seeds } from './seeds/index.js';

/** Applies pending migrations; returns the names of those that ran. */
export async function migrate(databaseUrl: string): Promise<string[]> {
  const db = createDb(databaseUrl, { max: 2, onError: (error) => warn(`database pool: ${error.message}`) });
  try {
    const result = await migrateToLatest(db);
    return (result.results ?? []).map((r) => r.migrationName);
  } finally {
    await db.destroy();
  }
}

/** Runs every seed in local/seeds; returns the banner lines they produced. */
export async function runSeeds(databaseUrl: string, log: (line: string) => void): Promise<string[]> {
  const db = createDb(databaseUrl, { max: 2, onError: (error) => warn(`database pool: ${error.message}`) });
  try {
    const lines: string[] = [];
    for (const seed of seeds) lines.push(...(await seed({ db, log })));
    return lines;
  } finally {
    await db.destroy();
  }
}
