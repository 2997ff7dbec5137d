import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { listSkus } from '../../list-skus.js';
import { simulatorDeps, TOKEN_HEADER } from '../../runtime.js';
import { ListSkusQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  query: ListSkusQuery,
  handler: async ({ query, headers }) =>
    ok(await listSkus(await simulatorDeps(), headers[TOKEN_HEADER], query)),
});
