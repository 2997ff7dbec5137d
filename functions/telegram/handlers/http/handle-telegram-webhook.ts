import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { webhookDeps } from '../../bot-runtime.js';
import { handleTelegramWebhook } from '../../handle-telegram-webhook.js';

// No bearer token: Telegram authenticates with the secret token set by setWebhook, checked before parsing.
export const handler = httpHandler({
  auth: false,
  readsRawBody: true,
  handler: async ({ headers, rawBody }) =>
    ok(
      await handleTelegramWebhook(await webhookDeps(), {
        secretToken: headers['x-telegram-bot-api-secret-token'],
        rawBody,
      }),
    ),
});
