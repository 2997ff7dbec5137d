import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requireToken, sendingApiDeps } from '../../runtime.js';
import { FaultsBody } from '../../schemas.js';
import { setFaults } from '../../sending.js';

export const handler = httpHandler({
  auth: false,
  body: FaultsBody,
  handler: async ({ headers, body }) => {
    requireToken(headers);
    return ok(await setFaults(await sendingApiDeps(), body));
  },
});
