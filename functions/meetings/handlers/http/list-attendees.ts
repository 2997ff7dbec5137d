import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { listAttendees } from '../../list-attendees.js';
import { meetingsDeps } from '../../runtime.js';
import { AttendeesQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: AttendeesQuery,
  handler: async ({ user, params, query }) => {
    const deps = await meetingsDeps();
    return ok(await listAttendees(deps, user, params.id, query.occurrence));
  },
});
