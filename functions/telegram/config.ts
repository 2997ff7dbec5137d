import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const telegramConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      TELEGRAM_BOT_TOKEN: z.string().default('0:local-fake'),
      TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
      TELEGRAM_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
      /** The bot's @username and id, so telegraf never calls getMe on a cold start. */
      TELEGRAM_BOT_USERNAME: z.string().default('syncore_bot'),
      TELEGRAM_BOT_ID: z.coerce.number().int().optional(),
      TELEGRAM_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
    }),
  ),
);
