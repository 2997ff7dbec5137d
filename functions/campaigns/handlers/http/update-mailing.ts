import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { updateMailing } from '../../mailings.js';
import { mailingDeps } from '../../runtime.js';
import { UpdateMailingBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  body: UpdateMailingBody,
  handler: async ({ user, params, body }) =>
    ok(await updateMailing(await mailingDeps(), user, params.id, body)),
});
