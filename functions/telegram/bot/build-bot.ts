import { Telegraf } from 'telegraf';
import { AppError } from '#platform/errors';
import { botApiOptions } from '../adapters/bot-api.js';
import { deleteLink, findUserOfChat, redeemLinkCode } from '../adapters/links.repository.js';
import type { BotDeps } from '../deps.js';
import { HELP, HOW_TO_LINK } from '../domain/texts.js';
import { registerAgenda } from './agenda.js';
import { registerBooking } from './book.js';
import type { BotContext } from './context.js';
import { tolerantCallbackAnswers } from './telegram-errors.js';

/**
 * The bot: private chats only; an unlinked chat learns only how to link. The same code runs behind the
 * webhook Lambda (one `handleUpdate` per request) and in the tests against the fake Bot API.
 */
export function buildBot(deps: BotDeps): Telegraf<BotContext> {
  const bot = new Telegraf<BotContext>(deps.bot.token, {
    telegram: { ...botApiOptions(deps.bot.apiRoot), webhookReply: false },
    handlerTimeout: 8_000,
  });
  // Known from configuration: no getMe call on a cold start.
  bot.botInfo = {
    id: deps.bot.id,
    is_bot: true,
    first_name: 'syncore',
    username: deps.bot.username,
    can_join_groups: false,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
  };

  // A refusal of another context (409 room taken, 404, 400) is the user's answer; anything else is
  // rethrown to the webhook use case, which releases the update and answers 503 (Telegram retries).
  // A callback query already answered is not answered again (tolerantCallbackAnswers).
  bot.catch(async (error, ctx) => {
    if (error instanceof AppError && error.status < 500) {
      if (ctx.callbackQuery) await ctx.answerCbQuery();
      await ctx.reply(`Sorry: ${error.message}`);
      return;
    }
    throw error;
  });

  // First: every answerCbQuery below (and in bot.catch) is sent once and a stale query is not fatal.
  bot.use((ctx, next) => {
    tolerantCallbackAnswers(ctx);
    return next();
  });

  bot.use(async (ctx, next) => {
    if (ctx.chat && ctx.chat.type !== 'private') {
      if (ctx.callbackQuery) await ctx.answerCbQuery('I only work in private chats.');
      else if (ctx.message)
        await ctx.reply('Sorry, I only talk in private chats. Open a chat with me directly.');
      return;
    }
    if (!ctx.chat) return;
    const userId = await findUserOfChat(deps.db, String(ctx.chat.id));
    if (userId) ctx.state.userId = userId;
    return next();
  });

  bot.start(async (ctx) => {
    const code = ctx.payload.trim();
    if (code) {
      const userId = await redeemLinkCode(deps.db, code, String(ctx.chat.id), ctx.from?.username ?? null);
      if (!userId) {
        await ctx.reply('That link code is unknown, used or expired. Ask the app for a new one.');
        return;
      }
      await deps.conversations.clear(String(ctx.chat.id));
      await ctx.reply(`Linked! You will get your notifications here.\n\n${HELP}`);
      return;
    }
    await ctx.reply(ctx.state.userId ? `Welcome back.\n\n${HELP}` : HOW_TO_LINK);
  });

  // Everything below needs a linked account.
  bot.use(async (ctx, next) => {
    if (ctx.state.userId) return next();
    if (ctx.callbackQuery) await ctx.answerCbQuery('Link your account first.');
    await ctx.reply(HOW_TO_LINK);
  });

  bot.help((ctx) => ctx.reply(HELP));
  bot.command('unlink', async (ctx) => {
    await deleteLink(deps.db, { chatId: String(ctx.chat.id) });
    await deps.conversations.clear(String(ctx.chat.id));
    await ctx.reply('Unlinked. This chat gets nothing from your account any more.');
  });
  registerAgenda(bot, deps);
  registerBooking(bot, deps);
  bot.on('message', (ctx) => ctx.reply(`I did not understand that.\n\n${HELP}`));
  return bot;
}
