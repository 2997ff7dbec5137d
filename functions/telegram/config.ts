import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const telegramConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      // Secrets: the value locally (secrets.json / the fake Bot API), an SSM SecureString name on AWS
      // (resolved by runtime.ts with resolveSecret, cached per container).
      TELEGRAM_BOT_TOKEN: z.string().optional(),
      TELEGRAM_BOT_TOKEN_PARAMETER: z.string().optional(),
      TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
      TELEGRAM_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
      TELEGRAM_WEBHOOK_SECRET_PARAMETER: z.string().optional(),
      /** The bot's @username and id, so telegraf never calls getMe on a cold start. */
      TELEGRAM_BOT_USERNAME: z.string().default('syncore_bot'),
      TELEGRAM_BOT_ID: z.coerce.number().int().optional(),
      TELEGRAM_LINK_MINUTES: z.coerce.number().int().min(1).max(60).default(10),
    }),
  ),
);
