import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

/** /metrics and /status: who may read them and how much a scrape may cost. */
export const opsConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** Bearer token for /metrics and /status (locally generated into .syncore/secrets.json). */
      METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
      /** On AWS: the SSM SecureString holding the token (/syncore/<stage>/metrics-token). */
      METRICS_TOKEN_PARAMETER: z.string().optional(),
      /** `true` opens /metrics and /status without a token: only behind a private network. */
      METRICS_PUBLIC: z
        .enum(['true', 'false'])
        .default('false')
        .transform((value) => value === 'true'),
      /** One scrape's result is reused for this long: Prometheus every 15 s costs one set of queries. */
      METRICS_CACHE_SECONDS: z.coerce.number().int().min(0).max(300).default(10),
      METRICS_GAUGE_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
    }),
  ),
);
