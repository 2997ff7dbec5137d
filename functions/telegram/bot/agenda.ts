import { DateTime, IANAZone } from 'luxon';
import type { Telegraf } from 'telegraf';
import { RSVP_ANSWERS, rsvpKeyboard } from '../contract.js';
import type { AgendaItem, BotDeps } from '../deps.js';
import { escapeHtml, splitMessage } from '../domain/texts.js';
import { type BotContext, userOf } from './context.js';
import { isNotModified } from './telegram-errors.js';

const ANSWER_LABEL = { accepted: 'Accepted', tentative: 'Maybe', declined: 'Declined' } as const;

function agendaText(title: string, timeZone: string, items: AgendaItem[]): string {
  if (items.length === 0) return `<b>${escapeHtml(title)}</b> (${escapeHtml(timeZone)})\nNothing planned.`;
  const lines = items.map((item) => {
    const start = DateTime.fromISO(item.startsAt, { setZone: true });
    const end = DateTime.fromISO(item.endsAt, { setZone: true });
    const mark = item.kind === 'meeting' ? '👥 ' : '';
    return `${start.toFormat('ccc dd.LL HH:mm')}–${end.toFormat('HH:mm')} ${mark}${escapeHtml(item.title)}`;
  });
  return [`<b>${escapeHtml(title)}</b> (${escapeHtml(timeZone)})`, ...lines].join('\n');
}

async function replyLong(ctx: BotContext, text: string) {
  for (const part of splitMessage(text)) await ctx.reply(part, { parse_mode: 'HTML' });
}

/** /today, /week, /tz, /meetings and the RSVP buttons. */
export function registerAgenda(bot: Telegraf<BotContext>, deps: BotDeps) {
  const { services } = deps;
  for (const [command, kind, title] of [
    ['today', 'day', 'Today'],
    ['week', 'week', 'This week'],
  ] as const) {
    bot.command(command, async (ctx) => {
      const agenda = await services.calendar.agenda(userOf(ctx), kind);
      await replyLong(ctx, agendaText(title, agenda.timeZone, agenda.items));
    });
  }

  bot.command('tz', async (ctx) => {
    const zone = ctx.payload.trim();
    if (!zone || !IANAZone.isValidZone(zone)) {
      await ctx.reply('Send an IANA time zone, e.g. /tz Europe/Berlin');
      return;
    }
    await services.identity.setTimeZone(userOf(ctx), zone);
    await ctx.reply(`Your time zone is now ${zone}.`);
  });

  bot.command('meetings', async (ctx) => {
    const meetings = await services.meetings.upcoming(userOf(ctx));
    if (meetings.length === 0) {
      await ctx.reply('No upcoming meetings.');
      return;
    }
    for (const meeting of meetings.slice(0, 10)) {
      const when = DateTime.fromISO(meeting.start, { setZone: true }).toFormat('ccc dd.LL HH:mm');
      await ctx.reply(
        `<b>${escapeHtml(meeting.title)}</b> (${escapeHtml(meeting.groupName)})\n${when} · your answer: ${meeting.rsvpStatus}`,
        {
          parse_mode: 'HTML',
          reply_markup: { inline_keyboard: rsvpKeyboard(meeting.meetingId, meeting.start) },
        },
      );
    }
  });

  bot.action(/^rsvp:([atd]):([0-9a-f-]{36})(?::(\d+))?$/, async (ctx) => {
    const [, code, meetingId, at] = ctx.match;
    const answer = RSVP_ANSWERS[code as keyof typeof RSVP_ANSWERS];
    const occurrence = at ? new Date(Number(at) * 1000).toISOString() : undefined;
    await services.meetings.rsvp(userOf(ctx), meetingId as string, occurrence, answer);
    await ctx.answerCbQuery(`${ANSWER_LABEL[answer]} ✓`);
    const original =
      ctx.callbackQuery.message && 'text' in ctx.callbackQuery.message ? ctx.callbackQuery.message.text : '';
    const kept = original.split('\n✓ ')[0] ?? '';
    const answered = `\n✓ You answered: ${ANSWER_LABEL[answer]}`;
    // The same button pressed again: the message already says so, and Telegram refuses an edit that
    // changes nothing (400 "message is not modified") — which must not fail the update.
    if (`${kept}${answered}` === original) return;
    try {
      await ctx.editMessageText(`${escapeHtml(kept)}${answered}`, {
        parse_mode: 'HTML',
        reply_markup: { inline_keyboard: rsvpKeyboard(meetingId as string, occurrence) },
      });
    } catch (error) {
      if (!isNotModified(error)) throw error;
    }
  });
}
