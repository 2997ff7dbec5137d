import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requireToken, sendingApiDeps } from '../../runtime.js';
import { getDeliveryStats } from '../../sending.js';

export const handler = httpHandler({
  auth: false,
  authorize: requireToken,
  handler: async () => {
    return ok(await getDeliveryStats(await sendingApiDeps()));
  },
});
