import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { register } from '../../register.js';
import { registerDeps } from '../../runtime.js';
import { RegisterBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: RegisterBody,
  handler: async ({ body, sourceIp }) =>
    created(await register(await registerDeps(), { ip: sourceIp }, body), '/me'),
});
