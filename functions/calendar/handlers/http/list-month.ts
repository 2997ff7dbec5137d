import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listPeriod } from '../../list-period.js';
import { meetingsThrough } from '../../meeting-occurrences.js';
import { DateParams, PeriodQuery } from '../../schemas.js';

const meetings = meetingsThrough(invoker(lambdaTransport));

export const handler = httpHandler({
  auth: true,
  params: DateParams,
  query: PeriodQuery,
  handler: async ({ user, params, query }) =>
    ok(await listPeriod({ db: await getDb(), meetings }, user, 'month', params.date, query.tz)),
});
