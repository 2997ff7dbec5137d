import { randomBytes } from 'node:crypto';
import { DateTime } from 'luxon';
import type { Telegraf } from 'telegraf';
import type { BotDeps, Offer } from '../deps.js';
import { escapeHtml, formatMoney, heldReply } from '../domain/texts.js';
import { type BotContext, userOf } from './context.js';

/** The /book conversation, kept in DynamoDB between updates (Lambda keeps nothing). */
export interface BookState {
  flow: 'book';
  step: 'city' | 'checkIn' | 'checkOut' | 'guests' | 'offers';
  /** Makes the hold's Idempotency-Key: one conversation, one offer → one hold however often it is pressed. */
  nonce: string;
  city?: string;
  checkIn?: string;
  checkOut?: string;
  guests?: number;
  offers?: Offer[];
}

const GONE = 'That offer is gone; start again with /book';

const isDate = (text: string) => /^\d{4}-\d{2}-\d{2}$/.test(text) && DateTime.fromISO(text).isValid;
const chatKey = (ctx: BotContext) => String(ctx.chat?.id);

/** /book, /bookings, /cancel_<id> and their buttons. */
export function registerBooking(bot: Telegraf<BotContext>, deps: BotDeps) {
  const { services, conversations } = deps;

  bot.command('book', async (ctx) => {
    await conversations.set<BookState>(chatKey(ctx), {
      flow: 'book',
      step: 'city',
      nonce: randomBytes(6).toString('hex'),
    });
    await ctx.reply('Which city?');
  });

  bot.command('bookings', async (ctx) => {
    const bookings = await services.booking.list(userOf(ctx));
    if (bookings.length === 0) {
      await ctx.reply('You have no bookings.');
      return;
    }
    for (const booking of bookings) {
      const held = booking.status === 'pending_payment';
      await ctx.reply(
        `${booking.checkIn} → ${booking.checkOut}, ${booking.guests} guest(s), ${formatMoney(booking.total)}: ${booking.status}` +
          (held ? `\nHeld until ${booking.expiresAt}. Cancel: /cancel_${booking.id.replace(/-/g, '_')}` : ''),
        held
          ? {
              reply_markup: {
                inline_keyboard: [[{ text: 'Cancel hold', callback_data: `cancel:${booking.id}` }]],
              },
            }
          : {},
      );
    }
  });

  const cancel = async (ctx: BotContext, bookingId: string) => {
    const booking = await services.booking.cancel(userOf(ctx), bookingId);
    // The button is answered after the cancel: a refusal is answered once, by bot.catch ("Sorry: …").
    if (ctx.callbackQuery) await ctx.answerCbQuery();
    await ctx.reply(`Booking ${booking.checkIn} → ${booking.checkOut} is ${booking.status}.`);
  };
  bot.hears(/^\/cancel_([0-9a-f_]{36})$/, (ctx) => cancel(ctx, (ctx.match[1] as string).replace(/_/g, '-')));
  bot.action(/^cancel:([0-9a-f-]{36})$/, (ctx) => cancel(ctx, ctx.match[1] as string));

  // Every book: button names its conversation (`book:<o|c|x>:<nonce>:<offer index>`): a button of an
  // earlier /book must not act on the offers of the current one.
  bot.action(/^book:([ocx]):([0-9a-f]{12}):(\d+)$/, async (ctx) => {
    const [, action, nonce, index] = ctx.match as unknown as [string, 'o' | 'c' | 'x', string, string];
    const stored = await conversations.get<BookState>(chatKey(ctx));
    // Another conversation (a later /book) is left alone.
    const state = stored?.nonce === nonce ? stored : undefined;
    if (action === 'x') {
      if (state) await conversations.clear(chatKey(ctx));
      await ctx.answerCbQuery(state || !stored ? 'Cancelled' : GONE);
      return;
    }
    const offer = state?.offers?.[Number(index)];
    if (!state || !offer) {
      if (state) await conversations.clear(chatKey(ctx));
      await ctx.answerCbQuery(GONE);
      return;
    }
    const stay = {
      checkIn: state.checkIn as string,
      checkOut: state.checkOut as string,
      guests: state.guests as number,
    };
    if (action === 'o') {
      await ctx.answerCbQuery();
      await ctx.reply(
        `${escapeHtml(offer.hotelName)}, ${escapeHtml(offer.roomTypeName)}\n${stay.checkIn} → ${stay.checkOut}, ${stay.guests} guest(s)\nTotal ${formatMoney(offer.total)}. Hold it?`,
        {
          reply_markup: {
            inline_keyboard: [
              [
                { text: 'Confirm', callback_data: `book:c:${nonce}:${index}` },
                { text: 'Cancel', callback_data: `book:x:${nonce}:0` },
              ],
            ],
          },
        },
      );
      return;
    }
    const key = `telegram:${chatKey(ctx)}:${state.nonce}:${index}`;
    const { booking, paymentId } = await services.booking.hold(userOf(ctx), offer, stay, key);
    await ctx.answerCbQuery('Held ✓');
    await conversations.clear(chatKey(ctx));
    await ctx.reply(
      heldReply(
        {
          bookingId: booking.id,
          hotelName: offer.hotelName,
          checkIn: stay.checkIn,
          checkOut: stay.checkOut,
          total: booking.total,
          expiresAt: booking.expiresAt,
          paymentId,
        },
        deps.publicBaseUrl,
      ),
      { parse_mode: 'HTML' },
    );
  });

  // A button in the format before the nonce (`book:<o|c|x>:<index>`), or otherwise unknown.
  bot.action(/^book:/, (ctx) => ctx.answerCbQuery(GONE));

  bot.on('text', async (ctx, next) => {
    const state = await conversations.get<BookState>(chatKey(ctx));
    if (state?.flow !== 'book' || ctx.message.text.startsWith('/')) return next();
    const text = ctx.message.text.trim();
    const save = (next: BookState) => conversations.set(chatKey(ctx), next);
    switch (state.step) {
      case 'city':
        await save({ ...state, city: text.slice(0, 200), step: 'checkIn' });
        return void (await ctx.reply('Check-in date (YYYY-MM-DD)?'));
      case 'checkIn':
        if (!isDate(text)) return void (await ctx.reply('Please send a date as YYYY-MM-DD.'));
        await save({ ...state, checkIn: text, step: 'checkOut' });
        return void (await ctx.reply('Check-out date (YYYY-MM-DD)?'));
      case 'checkOut':
        if (!isDate(text) || text <= (state.checkIn as string)) {
          return void (await ctx.reply('Please send a date after check-in, as YYYY-MM-DD.'));
        }
        await save({ ...state, checkOut: text, step: 'guests' });
        return void (await ctx.reply('How many guests?'));
      case 'guests': {
        const guests = Number(text);
        if (!Number.isInteger(guests) || guests < 1 || guests > 20)
          return void (await ctx.reply('Send a number from 1 to 20.'));
        const stay = {
          city: state.city as string,
          checkIn: state.checkIn as string,
          checkOut: state.checkOut as string,
          guests,
        };
        const offers = await services.booking.search(stay);
        if (offers.length === 0) {
          await conversations.clear(chatKey(ctx));
          return void (await ctx.reply('Nothing free for that stay. Try other dates with /book'));
        }
        await save({ ...state, guests, offers, step: 'offers' });
        await ctx.reply('Offers:', {
          reply_markup: {
            inline_keyboard: offers.map((offer, index) => [
              {
                text: `${offer.hotelName} · ${offer.roomTypeName} · ${formatMoney(offer.total)}`.slice(0, 60),
                callback_data: `book:o:${state.nonce}:${index}`,
              },
            ]),
          },
        });
        return;
      }
      default:
        return void (await ctx.reply('Pick an offer above, or start again with /book'));
    }
  });
}
