import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { dynamoThrottles } from '../../adapters/throttles.js';
import { login } from '../../login.js';
import { LoginBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: LoginBody,
  handler: async ({ body, sourceIp }) =>
    ok(await login({ db: await getDb(), throttle: dynamoThrottles().login }, body, sourceIp)),
});
