import { findChatOfUser } from './adapters/links.repository.js';
import type { TelegramDeps } from './deps.js';

/** findTelegramChat contract: where the notifications context sends a user's messages. */
export async function findTelegramChat({ db }: TelegramDeps, input: { userId: string }) {
  return { chatId: await findChatOfUser(db, input.userId) };
}
