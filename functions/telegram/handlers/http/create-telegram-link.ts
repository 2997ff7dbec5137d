import { httpHandler } from '#platform/http/handler';
import { created } from '#platform/http/responses';
import { createTelegramLink } from '../../create-telegram-link.js';
import { linkOptions, telegramDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) =>
    created(await createTelegramLink(await telegramDeps(), user, linkOptions()), '/me/telegram'),
});
