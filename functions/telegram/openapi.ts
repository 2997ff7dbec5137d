import type { ApiRoute } from '#platform/http/openapi';
import { TelegramLinkView, WebhookAnswer, WebhookHeaders } from './schemas.js';

export const telegramRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/me/telegram/link',
    tag: 'telegram',
    summary: 'A one-time code (10 minutes) and the t.me link that links a Telegram chat to the caller',
    auth: true,
    responses: { 201: TelegramLinkView },
  },
  {
    method: 'delete',
    path: '/me/telegram',
    tag: 'telegram',
    summary: "Unlinks the caller's Telegram chat",
    auth: true,
    responses: { 204: null },
    problems: [404],
  },
  {
    method: 'post',
    path: '/telegram/webhook',
    tag: 'telegram',
    summary: 'Telegram Bot API webhook (called by Telegram)',
    description:
      'Authenticated by X-Telegram-Bot-Api-Secret-Token (401 when missing or wrong). Each update_id is processed once; ' +
      'a repeated one answers 200 and does nothing; a transient failure answers 503 so Telegram retries.',
    auth: false,
    headers: WebhookHeaders,
    responses: { 200: WebhookAnswer },
    problems: [401, 503],
  },
];

/** Every stable code this context answers with (domain/errors.ts). */
export const telegramErrorCodes: Record<string, number> = {
  'TELEGRAM.NOT_LINKED': 404,
  'TELEGRAM.WEBHOOK_SECRET_INVALID': 401,
  'TELEGRAM.UPDATE_NOT_PROCESSED': 503,
};
