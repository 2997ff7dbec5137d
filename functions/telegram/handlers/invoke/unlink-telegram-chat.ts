import { contractHandler } from '#platform/contracts/invoke';
import { UnlinkTelegramChat } from '../../contract.js';
import { telegramDeps } from '../../runtime.js';
import { unlinkTelegramChat } from '../../unlink-telegram-chat.js';

export const handler = contractHandler(UnlinkTelegramChat, async (input) =>
  unlinkTelegramChat(await telegramDeps(), input),
);
