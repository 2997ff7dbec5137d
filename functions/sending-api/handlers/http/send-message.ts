import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { requireToken, sendingApiDeps } from '../../runtime.js';
import { MessageIdParams, SendMessageRequest } from '../../schemas.js';
import { sendMessage } from '../../sending.js';

export const handler = httpHandler({
  auth: false,
  authorize: requireToken,
  params: MessageIdParams,
  body: SendMessageRequest,
  handler: async ({ params, body }) => {
    return ok(await sendMessage(await sendingApiDeps(), params.messageId, body));
  },
});
