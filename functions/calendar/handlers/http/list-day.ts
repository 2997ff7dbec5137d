import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { listPeriod } from '../../list-period.js';
import { DateParams, PeriodQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: DateParams,
  query: PeriodQuery,
  handler: async ({ user, params, query }) =>
    ok(await listPeriod({ db: await getDb() }, user, 'day', params.date, query.tz)),
});
