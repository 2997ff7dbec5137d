import { z } from 'zod';
import { lazyConfig, parseEnv } from '../config.js';

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');

/**
 * Telemetry switches, read once per container. Everything is off unless configured, so a function that
 * nobody observes pays nothing: request metrics need SYNCORE_REQUEST_METRICS (serverless.yml sets it),
 * tracing needs a collector (OTEL_EXPORTER_OTLP_ENDPOINT) or a local trace directory (npm start sets one).
 */
export const telemetryConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      SYNCORE_REQUEST_METRICS: flag.default(false),
      /**
       * At most one counter flush per this many ms per container. 0 = at the end of every invocation
       * (exact, one write pair per invocation); on AWS 1000 bounds the writes to one pair per second per
       * container, and a container's last second waits for its next invocation.
       */
      SYNCORE_METRICS_FLUSH_MS: z.coerce.number().int().min(0).max(60_000).default(0),
      /**
       * true where the process outlives its invocations and is never frozen (the local runtime: one
       * serverless-offline process serves every function): counters and spans are flushed by a timer in
       * the background instead of before each invocation returns, so no request waits for the writes.
       * Never on Lambda, where a container may be frozen the moment an invocation returns.
       */
      SYNCORE_TELEMETRY_BACKGROUND: flag.default(false),
      /** DynamoDB table holding the shared counters (the cache table: items under `metrics#`). */
      CACHE_TABLE: z.string().default('syncore-local-cache'),
      /** OTLP/HTTP base URL, e.g. http://localhost:4318 (spans go to <it>/v1/traces as OTLP JSON). */
      OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
      OTEL_SERVICE_NAME: z.string().default('syncore'),
      /** Local runtime only: recent spans are appended here as JSON lines (npm run trace reads them). */
      SYNCORE_TRACE_DIR: z.string().optional(),
      AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
    }),
  ),
);

export const tracingEnabled = (): boolean => {
  const config = telemetryConfig();
  return Boolean(config.OTEL_EXPORTER_OTLP_ENDPOINT || config.SYNCORE_TRACE_DIR);
};
