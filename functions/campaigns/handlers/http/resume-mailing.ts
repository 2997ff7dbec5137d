import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { resumeMailing } from '../../control-mailing.js';
import { mailingDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  params: IdParams,
  handler: async ({ user, params }) => ok(await resumeMailing(await mailingDeps(), user, params.id)),
});
