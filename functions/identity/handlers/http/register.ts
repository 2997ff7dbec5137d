import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { created } from '../../../../layers/platform/http/responses.js';
import { relayQuietly } from '../../../../layers/platform/messaging/outbox.js';
import { registerUser } from '../../register.js';
import { RegisterBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: RegisterBody,
  handler: async ({ body }) => {
    const db = await getDb();
    const { result, outboxIds } = await registerUser({ db }, body);
    await relayQuietly(db, outboxIds);
    return created(result, '/me');
  },
});
