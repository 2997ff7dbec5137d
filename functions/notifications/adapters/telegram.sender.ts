import { rsvpKeyboard } from '../../telegram/contract.js';
import type { ChannelSender } from '../deps.js';
import { ChannelSendError } from '../domain/delivery-policy.js';

export interface TelegramSenderOptions {
  apiRoot: string;
  token: string;
  timeoutMs: number;
}

/** Meeting notifications the attendee answers: they carry Accept / Maybe / Decline buttons. */
const RSVP_TYPES = new Set(['meetings.invited', 'meetings.reminder', 'meetings.time_changed']);

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Telegram's limit is 4096 characters after entity parsing; trim the body, never the title. */
export function telegramText(title: string, body: string | null): string {
  const head = `<b>${escapeHtml(title.slice(0, 300))}</b>`;
  if (!body) return head;
  const room = 4000 - head.length;
  const trimmed = body.length > room ? `${body.slice(0, room - 1)}…` : body;
  return `${head}\n${escapeHtml(trimmed)}`;
}

/**
 * sendMessage on the Bot API with a timeout. Maps Telegram's answers onto the deliverer's failure
 * kinds: 429 → rate_limited with `parameters.retry_after`, 403 → blocked, other 4xx → rejected,
 * 5xx / network / timeout → unavailable.
 */
export function telegramSender(options: TelegramSenderOptions): ChannelSender {
  const url = `${options.apiRoot.replace(/\/$/, '')}/bot${options.token}/sendMessage`;
  return {
    async send(address, notification) {
      const meetingId = RSVP_TYPES.has(notification.type) ? notification.data.meetingId : undefined;
      const body = {
        chat_id: address,
        text: telegramText(notification.title, notification.body),
        parse_mode: 'HTML',
        ...(typeof meetingId === 'string'
          ? {
              reply_markup: {
                inline_keyboard: rsvpKeyboard(
                  meetingId,
                  typeof notification.data.occurrenceStart === 'string'
                    ? notification.data.occurrenceStart
                    : undefined,
                ),
              },
            }
          : {}),
      };
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(options.timeoutMs),
        });
      } catch (error) {
        throw new ChannelSendError({ kind: 'unavailable', reason: `telegram: ${(error as Error).name}` });
      }
      if (response.ok) return;
      const answer = (await response.json().catch(() => ({}))) as {
        description?: string;
        parameters?: { retry_after?: number };
      };
      const reason = `telegram ${response.status}: ${answer.description ?? response.statusText}`;
      if (response.status === 429) {
        throw new ChannelSendError({
          kind: 'rate_limited',
          retryAfterSeconds: answer.parameters?.retry_after ?? 1,
          reason,
        });
      }
      if (response.status === 403) throw new ChannelSendError({ kind: 'blocked', reason });
      if (response.status >= 400 && response.status < 500)
        throw new ChannelSendError({ kind: 'rejected', reason });
      throw new ChannelSendError({ kind: 'unavailable', reason });
    },
  };
}
