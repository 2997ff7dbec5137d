import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const notificationsConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
    }),
  ),
);

/** The delivery channels' settings: a channel without its settings is `skipped`, never an error. */
export const deliveryConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      TELEGRAM_BOT_TOKEN: z.string().optional(),
      /** On AWS: the SSM SecureString holding the bot token (see docs/operations.md). */
      TELEGRAM_BOT_TOKEN_PARAMETER: z.string().optional(),
      TELEGRAM_API_ROOT: z.url().default('https://api.telegram.org'),
      TELEGRAM_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
      SMTP_URL: z.string().optional(),
      SMTP_FROM: z.string().default('syncore <noreply@syncore.local>'),
      SMTP_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
      /**
       * After this long undelivered, a delivery is `failed` with its last reason (the in-app copy stays);
       * counted from the end of the recipient's quiet hours when they held it back.
       */
      DELIVERY_MAX_AGE_MINUTES: z.coerce.number().int().min(1).default(60),
      DELIVERY_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
      DELIVERY_BREAKER_OPEN_SECONDS: z.coerce.number().int().min(1).default(30),
    }),
  ),
);
