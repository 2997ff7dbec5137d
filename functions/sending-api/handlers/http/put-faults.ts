import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requireToken, sendingApiDeps } from '../../runtime.js';
import { FaultsBody } from '../../schemas.js';
import { setFaults } from '../../sending.js';

export const handler = httpHandler({
  auth: false,
  authorize: requireToken,
  body: FaultsBody,
  handler: async ({ body }) => {
    return ok(await setFaults(await sendingApiDeps(), body));
  },
});
