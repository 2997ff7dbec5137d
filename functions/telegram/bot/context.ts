import type { Context } from 'telegraf';

/** The handler's context: the linked account's id, when the chat is linked. */
export interface BotContext extends Context {
  state: { userId?: string };
}

/** The linked user (handlers behind the "linked only" middleware). */
export const userOf = (ctx: BotContext): string => ctx.state.userId as string;
