import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const ordersConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** An order still awaiting payment this long after it was created is cancelled by the cron. */
      ORDER_PAYMENT_TIMEOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(10),
    }),
  ),
);
