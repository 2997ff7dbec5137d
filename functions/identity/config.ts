import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';
import type { PasswordCost } from './domain/passwords.js';

export const identityConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** Sign-ups per client IP and hour (each costs a password hash and can probe for taken emails). */
      REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(20),
      /**
       * log2 of scrypt's N for new hashes (r=8, p=1). 17 is OWASP's minimum (128 MiB, ~0.3–1.3 s per hash);
       * only the test suite lowers it, to sign up hundreds of users quickly.
       */
      PASSWORD_HASH_LOG2_N: z.coerce.number().int().min(10).max(20).default(17),
    }),
  ),
);

/** The scrypt cost for new hashes; older, weaker hashes are replaced at the next successful login. */
export const passwordCost = (): PasswordCost => ({
  N: 2 ** identityConfig().PASSWORD_HASH_LOG2_N,
  r: 8,
  p: 1,
});
