import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requireToken, sendingApiDeps } from '../../runtime.js';
import { MessageIdParams } from '../../schemas.js';
import { getDelivery } from '../../sending.js';

export const handler = httpHandler({
  auth: false,
  authorize: requireToken,
  params: MessageIdParams,
  handler: async ({ params }) => {
    return ok(await getDelivery(await sendingApiDeps(), params.messageId));
  },
});
