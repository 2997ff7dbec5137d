import { contractHandler } from '#platform/contracts/invoke';
import { FindTelegramChats } from '../../contract.js';
import { findTelegramChats } from '../../find-telegram-chat.js';
import { telegramDeps } from '../../runtime.js';

export const handler = contractHandler(FindTelegramChats, async (input) =>
  findTelegramChats(await telegramDeps(), input),
);
