import { log } from '#platform/observability';
import { deleteLink } from './adapters/links.repository.js';
import type { TelegramDeps } from './deps.js';

/** unlinkTelegramChat contract: Telegram said the user blocked the bot; only that exact link goes. */
export async function unlinkTelegramChat(
  { db }: TelegramDeps,
  input: { userId: string; chatId: string; reason: string },
) {
  const unlinked = await deleteLink(db, { userId: input.userId, chatId: input.chatId });
  if (unlinked) log().info('telegram chat unlinked', { userId: input.userId, reason: input.reason });
  return { unlinked };
}
