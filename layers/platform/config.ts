import { z } from 'zod';

/** A configuration problem found at cold start; the message names every offending variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses environment variables with a zod object schema. Call once at module load (cold start) so a
 * misconfigured function fails immediately with a message naming the variable, not on first use.
 */
export function parseEnv<S extends z.ZodObject>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  // Serverless declares unset variables as empty strings; treat them as absent so defaults apply.
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const result = schema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return result.data;
}

/** Memoises a config loader: evaluated on first call (cold start), then reused by every invocation. */
export function lazyConfig<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= load();
    return value;
  };
}

const platformSchema = z.object({
  SYNCORE_STAGE: z.string().default('local'),
  AWS_REGION: z.string().default('eu-central-1'),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_HOST: z.string().optional(),
  DATABASE_NAME: z.string().default('syncore'),
  DATABASE_SECRET_ARN: z.string().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(50).default(2),
  SQS_ENDPOINT: z.string().url().optional(),
  DYNAMODB_ENDPOINT: z.string().url().optional(),
  QUEUE_PREFIX: z.string().default('syncore-local-'),
  IDEMPOTENCY_TABLE: z.string().default('syncore-local-idempotency'),
  RATE_LIMIT_TABLE: z.string().default('syncore-local-rate-limits'),
  CACHE_TABLE: z.string().default('syncore-local-cache'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_SECRET_PARAMETER: z.string().optional(),
  JWT_TTL_SECONDS: z.coerce.number().int().min(60).default(86_400),
  PUBLIC_BASE_URL: z.string().url().optional(),
  HTTP_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(102_400),
  CORS_ORIGINS: z.string().default('*'),
  // Timeouts (milliseconds): a slow or unreachable dependency must cost a request seconds, not minutes.
  AWS_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
  AWS_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(3_000),
  DATABASE_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(100).default(2_000),
  /** 0 = no limit (the dbMigrate function: a migration may legitimately run for minutes). */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).default(5_000),
  DATABASE_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /** Statements run again on a connection are prepared there (db/prepared.ts); `false` behind PgBouncer < 1.21. */
  DATABASE_PREPARED_STATEMENTS: z.enum(['true', 'false']).default('true'),
  /** How long a request may spend relaying its outbox rows after the commit; the cron sends the rest. */
  OUTBOX_RELAY_BUDGET_MS: z.coerce.number().int().min(50).default(1_000),
});

export type PlatformConfig = z.infer<typeof platformSchema>;

export const platformConfig = lazyConfig(() => {
  const config = parseEnv(platformSchema);
  if (!config.DATABASE_URL && !(config.DATABASE_HOST && config.DATABASE_SECRET_ARN)) {
    throw new ConfigError(
      'invalid configuration: DATABASE_URL (or DATABASE_HOST with DATABASE_SECRET_ARN) is required',
    );
  }
  if (!config.JWT_SECRET && !config.JWT_SECRET_PARAMETER) {
    throw new ConfigError('invalid configuration: JWT_SECRET (or JWT_SECRET_PARAMETER) is required');
  }
  return config;
});
