import { cronHandler } from '../../../../layers/platform/cron.js';
import { getDb } from '../../../../layers/platform/db/index.js';
import { migrateToLatest } from '../../../../layers/platform/db/migrate.js';

/**
 * Applies pending migrations on AWS, where nobody runs `npm start`:
 * `serverless invoke --function dbMigrate --stage <stage>` after each deploy.
 */
export const handler = cronHandler('dbMigrate', async () => {
  const result = await migrateToLatest(await getDb());
  return { applied: (result.results ?? []).map((migration) => migration.migrationName) };
});
