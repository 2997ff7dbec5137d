import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { queryDeps } from '../../runtime.js';
import { AvailabilityQuery } from '../../schemas.js';
import { getAvailability } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: AvailabilityQuery,
  handler: async ({ params, query }) => ok(await getAvailability(await queryDeps(), params.id, query)),
});
