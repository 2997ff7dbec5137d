import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requestCounts } from '../../faults.js';
import { simulatorDeps, TOKEN_HEADER } from '../../runtime.js';
import { RequestCountsQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  query: RequestCountsQuery,
  handler: async ({ query, headers }) =>
    ok(await requestCounts(await simulatorDeps(), headers[TOKEN_HEADER], query)),
});
