import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listPeriod } from '../../list-period.js';
import { calendarDeps } from '../../runtime.js';
import { DateParams, PeriodQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: DateParams,
  query: PeriodQuery,
  handler: async ({ user, params, query }) =>
    ok(await listPeriod(await calendarDeps(), user, 'week', params.date, query.tz)),
});
