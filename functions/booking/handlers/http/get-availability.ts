import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getAvailability } from '../../get-availability.js';
import { stayQueryDeps } from '../../runtime.js';
import { AvailabilityQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: AvailabilityQuery,
  handler: async ({ params, query }) => ok(await getAvailability(await stayQueryDeps(), params.id, query)),
});
