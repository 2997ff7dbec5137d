import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { queryDeps } from '../../runtime.js';
import { AvailabilityQuery } from '../../schemas.js';
import { getAvailability } from '../../search.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: AvailabilityQuery,
  handler: async ({ params, query }) => ok(await getAvailability(await queryDeps(), params.id, query)),
});
