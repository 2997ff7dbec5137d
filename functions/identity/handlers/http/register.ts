import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { relayQuietly } from '../../../../layers/platform/messaging/outbox.js';
import { dynamoThrottles } from '../../adapters/throttles.js';
import { registerUser } from '../../register.js';
import { RegisterBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: RegisterBody,
  handler: async ({ body, sourceIp }) => {
    const db = await getDb();
    const { result, outboxIds } = await registerUser(
      { db, throttle: dynamoThrottles().registration },
      body,
      sourceIp,
    );
    await relayQuietly(db, outboxIds);
    return created(result, '/me');
  },
});
