import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { stayQueryDeps } from '../../runtime.js';
import { SearchQuery } from '../../schemas.js';
import { searchHotels } from '../../search-hotels.js';

export const handler = httpHandler({
  auth: true,
  query: SearchQuery,
  handler: async ({ query }) => ok(await searchHotels(await stayQueryDeps(), query)),
});
