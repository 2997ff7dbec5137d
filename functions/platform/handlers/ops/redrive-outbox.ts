import { z } from 'zod';
import { cronHandler } from '#platform/cron';
import { getDb } from '#platform/db/index';
import { redriveOutbox } from '../../redrive-outbox.js';

const Input = z.object({
  ids: z
    .array(z.string().regex(/^\d{1,19}$/))
    .max(10_000)
    .optional(),
  queue: z.string().min(1).max(80).optional(),
});

/**
 * `npm run invoke -- redriveOutbox ['{"queue":"notifications"}']` locally, or
 * `serverless invoke --function redriveOutbox --stage <stage> [--data '{"ids":["42"]}']` on AWS.
 */
export const handler = cronHandler('redriveOutbox', async (event) => {
  const { ids, queue } = Input.parse(event ?? {});
  return redriveOutbox({ db: await getDb() }, { operator: 'redriveOutbox' }, { ids, queue });
});
