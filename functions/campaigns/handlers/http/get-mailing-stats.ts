import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getMailingStats } from '../../mailing-stats.js';
import { MailingStatsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: MailingStatsQuery,
  handler: async ({ user, params, query }) =>
    ok(await getMailingStats({ db: await getDb() }, user, params.id, query)),
});
