import { TelegramError } from 'telegraf';
import type { BotContext } from './context.js';
import { isNotModified, isStaleCallbackQuery, tolerantCallbackAnswers } from './telegram-errors.js';

const refusal = (description: string, code = 400) =>
  new TelegramError({ error_code: code, description: `Bad Request: ${description}` });
const STALE = refusal('query is too old and response timeout expired or query ID is invalid');

/** A callback query's context whose answerCbQuery gives the next result (or throws it). */
function callbackContext(results: unknown[]) {
  const calls: unknown[][] = [];
  const ctx = {
    callbackQuery: { id: '1' },
    answerCbQuery: async (...args: unknown[]) => {
      calls.push(args);
      const result = results.shift();
      if (result instanceof Error) throw result;
      return true;
    },
  } as unknown as BotContext;
  tolerantCallbackAnswers(ctx);
  return { ctx, calls };
}

describe("Telegram's refusals", () => {
  it('are told apart by code and description', () => {
    expect(isStaleCallbackQuery(STALE)).toBe(true);
    expect(isStaleCallbackQuery(refusal('query ID is invalid'))).toBe(true);
    expect(isNotModified(refusal('message is not modified: specified new message content …'))).toBe(true);
    expect(isNotModified(STALE)).toBe(false);
    expect(isStaleCallbackQuery(refusal('query is too old', 500))).toBe(false);
    expect(isStaleCallbackQuery(new Error('query is too old'))).toBe(false);
  });
});

describe('tolerantCallbackAnswers', () => {
  it('answers a callback query once: a second answer is not sent', async () => {
    const { ctx, calls } = callbackContext([true]);
    await ctx.answerCbQuery('Held ✓');
    await ctx.answerCbQuery();
    expect(calls).toEqual([['Held ✓']]);
  });

  it('takes a stale query (answered before, too old) as answered, and rethrows anything else', async () => {
    const stale = callbackContext([STALE]);
    await expect(stale.ctx.answerCbQuery()).resolves.toBe(true);
    await stale.ctx.answerCbQuery();
    expect(stale.calls).toHaveLength(1);

    const down = callbackContext([refusal('Bad Gateway', 502), true]);
    await expect(down.ctx.answerCbQuery()).rejects.toThrow('Bad Gateway');
    await expect(down.ctx.answerCbQuery()).resolves.toBe(true);
    expect(down.calls).toHaveLength(2);
  });
});
