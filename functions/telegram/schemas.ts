import { z } from 'zod';

export const TelegramLinkView = z.object({
  code: z.string(),
  url: z.url(),
  expiresAt: z.iso.datetime(),
});

export const WebhookAnswer = z.object({ ok: z.literal(true), duplicate: z.literal(true).optional() });

export const WebhookHeaders = z.object({ 'x-telegram-bot-api-secret-token': z.string().optional() });
