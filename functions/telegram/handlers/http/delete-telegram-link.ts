import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { deleteTelegramLink } from '../../delete-telegram-link.js';
import { telegramDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => {
    await deleteTelegramLink(await telegramDeps(), user);
    return noContent();
  },
});
