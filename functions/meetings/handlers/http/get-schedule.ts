import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { getSchedule } from '../../get-schedule.js';
import { meetingsDeps } from '../../runtime.js';
import { ScheduleQuery } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  query: ScheduleQuery,
  handler: async ({ user, params, query }) => {
    const deps = await meetingsDeps();
    return ok(await getSchedule(deps, user, params.id, query));
  },
});
