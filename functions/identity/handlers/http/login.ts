import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { ok } from '../../../../layers/platform/http/responses.js';
import { dynamoThrottles } from '../../adapters/throttles.js';
import { login } from '../../login.js';
import { LoginBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: LoginBody,
  handler: async ({ body, sourceIp }) =>
    ok(await login({ db: await getDb(), throttle: dynamoThrottles().login }, body, sourceIp)),
});
