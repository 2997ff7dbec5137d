import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { queryDeps } from '../../runtime.js';
import { SearchQuery } from '../../schemas.js';
import { findHotels } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  query: SearchQuery,
  handler: async ({ query }) => ok(await findHotels(await queryDeps(), query)),
});
