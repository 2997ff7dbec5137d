import { findChatOfUser, findChatsOfUsers } from './adapters/links.repository.js';
import type { TelegramDeps } from './deps.js';

/** findTelegramChat contract: where the notifications context sends a user's messages. */
export async function findTelegramChat({ db }: TelegramDeps, input: { userId: string }) {
  return { chatId: await findChatOfUser(db, input.userId) };
}

/** findTelegramChats contract: the same for a whole batch of deliveries, in one call. */
export async function findTelegramChats({ db }: TelegramDeps, input: { userIds: string[] }) {
  const chats = await findChatsOfUsers(db, input.userIds);
  return { chats: [...chats].map(([userId, chatId]) => ({ userId, chatId })) };
}
