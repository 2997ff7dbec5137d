import type { Kysely } from 'kysely';
import { migrateToLatest } from '#platform/db/migrate';
import type { DB } from '#platform/db/schema';

/** Applies pending migrations and names the ones it applied. */
export async function migrate({ db }: { db: Kysely<DB> }) {
  const result = await migrateToLatest(db);
  return { applied: (result.results ?? []).map((migration) => migration.migrationName) };
}
