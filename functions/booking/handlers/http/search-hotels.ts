import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { queryDeps } from '../../runtime.js';
import { SearchQuery } from '../../schemas.js';
import { findHotels } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  query: SearchQuery,
  handler: async ({ query }) => ok(await findHotels(await queryDeps(), query)),
});
