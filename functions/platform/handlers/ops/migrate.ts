import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { migrateToLatest } from '#platform/db/migrate';

/**
 * Applies pending migrations on AWS, where nobody runs `npm start`:
 * `serverless invoke --function dbMigrate --stage <stage>` after each deploy.
 */
export const handler = cronHandler('dbMigrate', async () => {
  const result = await migrateToLatest(await getDb());
  return { applied: (result.results ?? []).map((migration) => migration.migrationName) };
});
