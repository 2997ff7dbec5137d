import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createMailing } from '../../mailings.js';
import { mailingDeps } from '../../runtime.js';
import { CreateMailingBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: true,
  body: CreateMailingBody,
  handler: async ({ user, body }) => {
    const mailing = await createMailing(await mailingDeps(), user, body);
    return created(mailing, `/mailings/${mailing.id}`);
  },
});
