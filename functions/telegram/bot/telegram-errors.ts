import { TelegramError } from 'telegraf';
import { log } from '#platform/observability';
import type { BotContext } from './context.js';

const badRequest = (error: unknown, pattern: RegExp): error is TelegramError =>
  error instanceof TelegramError && error.code === 400 && pattern.test(error.description ?? '');

/**
 * Telegram's 400 for answering a callback query that was answered before, or after its answer window
 * (a redelivered update): "query is too old and response timeout expired or query ID is invalid".
 */
export const isStaleCallbackQuery = (error: unknown) =>
  badRequest(error, /query is too old|query ID is invalid/i);

/** Telegram's 400 for an edit whose text and keyboard are exactly what the message shows already. */
export const isNotModified = (error: unknown) => badRequest(error, /message is not modified/i);

/**
 * Answering a callback query is a courtesy (it stops the button's spinner), never the work itself: the
 * answer is sent once per update, and Telegram refusing it (answered before, too old, a redelivery)
 * does not fail the update — otherwise the webhook answers 503 and every redelivery fails the same way.
 * Installed first, so bot.catch's answer goes through it too.
 */
export function tolerantCallbackAnswers(ctx: BotContext) {
  if (!ctx.callbackQuery) return;
  const answer = ctx.answerCbQuery.bind(ctx);
  let answered = false;
  ctx.answerCbQuery = async (...args: Parameters<typeof answer>) => {
    if (answered) return true;
    try {
      const result = await answer(...args);
      answered = true;
      return result;
    } catch (error) {
      if (!isStaleCallbackQuery(error)) throw error;
      answered = true;
      log().info('callback query not answered: Telegram refused it as stale', {
        description: (error as TelegramError).description,
      });
      return true;
    }
  };
}
