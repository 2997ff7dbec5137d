import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { PageQuery } from '#platform/validation/common';
import { listMailingStats } from '../../mailing-stats.js';

export const handler = httpHandler({
  auth: true,
  query: PageQuery,
  handler: async ({ user, query }) => ok(await listMailingStats({ db: await getDb() }, user, query)),
});
