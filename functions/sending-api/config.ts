import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const sendingApiConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** The bearer token callers must present (locally generated into .syncore/secrets.json). */
      SENDING_API_TOKEN: z.string().min(16, 'must be at least 16 characters'),
    }),
  ),
);
