import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { findAvailability } from '../../find-availability.js';
import { meetingsDeps } from '../../runtime.js';
import { AvailabilityQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: AvailabilityQuery,
  handler: async ({ user, params, query }) => {
    const deps = await meetingsDeps();
    return ok(await findAvailability(deps, user, params.id, query));
  },
});
