import { contractHandler } from '#platform/contracts/invoke';
import { FindTelegramChat } from '../../contract.js';
import { findTelegramChat } from '../../find-telegram-chat.js';
import { telegramDeps } from '../../runtime.js';

export const handler = contractHandler(FindTelegramChat, async (input) =>
  findTelegramChat(await telegramDeps(), input),
);
