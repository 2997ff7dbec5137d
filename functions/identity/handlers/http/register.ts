import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { relayQuietly } from '#platform/messaging/outbox';
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
