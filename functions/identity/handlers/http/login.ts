import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { login } from '../../login.js';
import { loginDeps } from '../../runtime.js';
import { LoginBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: LoginBody,
  handler: async ({ body, sourceIp }) => ok(await login(await loginDeps(), { ip: sourceIp }, body)),
});
