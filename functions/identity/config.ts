import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const identityConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** Sign-ups per client IP and hour (each costs a password hash and can probe for taken emails). */
      REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
    }),
  ),
);
