import { cronHandler } from '#platform/cron';
import { migrate } from '../../migrate.js';
import { platformDeps } from '../../runtime.js';

/**
 * Applies pending migrations on AWS, where nobody runs `npm start`:
 * `serverless invoke --function dbMigrate --stage <stage>` after each deploy.
 */
export const handler = cronHandler('dbMigrate', async () => migrate(await platformDeps()));
