import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const notificationsConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      NOTIFICATION_RETENTION_DAYS: z.coerce.number().int().min(1).default(90),
    }),
  ),
);
