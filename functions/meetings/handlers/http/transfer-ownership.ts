import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { meetingsDeps } from '../../runtime.js';
import { TransferBody } from '../../schemas.js';
import { transferOwnership } from '../../transfer-ownership.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: TransferBody,
  handler: async ({ user, params, body }) => {
    const deps = await meetingsDeps();
    return ok(await transferOwnership(deps, user, params.id, body.userId));
  },
});
