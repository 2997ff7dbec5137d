import { z } from 'zod';
import { ConfigError, lazyConfig, parseEnv, platformConfig } from '#platform/config';

const CampaignsEnv = z.object({
  /** The sending API's base (…/v1). Required where no simulator is deployed (prod). */
  SENDING_API_URL: z.url().optional(),
  /** `true` on stages that deploy the sending API simulator (serverless.yml params). */
  SENDING_API_SIMULATOR: z
    .enum(['true', 'false'])
    .default('false')
    .transform((value) => value === 'true'),
  /** Bearer token for the sending API: from the environment locally, from SSM on AWS. */
  SENDING_API_TOKEN: z.string().min(16).optional(),
  SENDING_API_TOKEN_PARAMETER: z.string().optional(),
  SENDING_API_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(3_000),
  /** Attempts that reached the service (breaker probes excluded) before a message is `failed`. */
  CAMPAIGN_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  CAMPAIGN_RETRY_BASE_MS: z.coerce.number().int().min(100).default(1_000),
  CAMPAIGN_RETRY_MAX_MS: z.coerce.number().int().min(1_000).default(300_000),
  /** Clients materialised (and messages enqueued) per dispatcher transaction. */
  CAMPAIGN_DISPATCH_BATCH: z.coerce.number().int().min(1).max(10_000).default(1_000),
  CAMPAIGN_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(5),
  CAMPAIGN_BREAKER_OPEN_SECONDS: z.coerce.number().int().min(1).default(15),
});

export function parseCampaignsConfig(env: NodeJS.ProcessEnv = process.env) {
  const config = parseEnv(CampaignsEnv, env);
  return {
    ...config,
    /** A claim older than this is taken over: longer than any call can last. */
    leaseMs: config.SENDING_API_TIMEOUT_MS * 2 + 5_000,
  };
}

export const campaignsConfig = lazyConfig(() => parseCampaignsConfig());

/**
 * SENDING_API_URL, or the simulator served by this same API (PUBLIC_BASE_URL) — only on a stage that
 * deploys it: elsewhere every call would 404 and every message fail, so the sender refuses to start.
 */
export function sendingApiUrl(): string {
  const config = campaignsConfig();
  if (config.SENDING_API_URL) return config.SENDING_API_URL.replace(/\/$/, '');
  if (!config.SENDING_API_SIMULATOR) {
    throw new ConfigError(
      'invalid configuration: SENDING_API_URL: required on a stage without the sending API simulator (SENDING_API_SIMULATOR is not true)',
    );
  }
  const base = platformConfig().PUBLIC_BASE_URL;
  if (!base) {
    throw new ConfigError(
      'invalid configuration: SENDING_API_URL (or PUBLIC_BASE_URL for the simulator) is required',
    );
  }
  return `${base.replace(/\/$/, '')}/sending-api/v1`;
}
