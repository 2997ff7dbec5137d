import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dynamoClient, dynamoDocuments, sqsClient } from '#platform/aws/clients';
import { resolveSecret } from '#platform/aws/secrets';
import { platformConfig } from '#platform/config';
import { getDb } from '#platform/db/index';
import type { DB } from '#platform/db/schema';
import { queueUrl } from '#platform/messaging/queues';
import { log } from '#platform/observability';
import { readBreakerRecords } from '#platform/resilience/breaker-store';
import { readRecentMinutes, readTotals } from '#platform/telemetry/request-metrics';
import { readQueueStats } from './adapters/queue-stats.js';
import type { OpsAccess } from './authorize-ops.js';
import { collectMetrics, type MetricsDeps } from './collect-metrics.js';
import { opsConfig } from './config.js';
import type { StatusDeps } from './get-status.js';
import { breakerNames, metricGauges } from './metric-gauges.js';
import type { RelayOptions } from './relay-outbox.js';

// The composition root of the platform's own functions: handlers take their dependencies from here.

export async function platformDeps(): Promise<{ db: Kysely<DB> }> {
  return { db: await getDb() };
}

/** One probe per shared service; a probe resolves when its service answers. */
export function healthProbes(): Record<string, () => Promise<unknown>> {
  return {
    postgres: async () => sql`select 1`.execute(await getDb()),
    // A call to SQS itself: the queue's URL alone is cached per container and would say "ok" in an outage.
    sqs: async () =>
      sqsClient().send(
        new GetQueueAttributesCommand({
          QueueUrl: await queueUrl('notifications'),
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      ),
    dynamodb: () =>
      dynamoClient().send(new DescribeTableCommand({ TableName: platformConfig().IDEMPOTENCY_TABLE })),
  };
}

/** Why a probe failed goes to the log only: the report is public. */
export const logHealthFailure = (check: string, error: unknown) =>
  log().error('health check failed', { check, error: error as Error });

/** 500 rows a round, at most 20 rounds (10,000 messages) per run. */
export const relayOptions: RelayOptions = { batchSize: 500, maxRounds: 20 };

/** What /metrics and /status read: the shared counters, the queues and every context's gauges. */
export async function metricsDeps(): Promise<MetricsDeps> {
  return {
    db: await getDb(),
    gauges: metricGauges,
    readTotals,
    readQueueStats,
    readBreakers: async () =>
      (await readBreakerRecords(dynamoDocuments(), platformConfig().CACHE_TABLE, breakerNames)).map(
        ({ name, record }) => ({ name, state: record.state, failures: record.failures }),
      ),
    gaugeTimeoutMs: opsConfig().METRICS_GAUGE_TIMEOUT_MS,
  };
}

/** The token from the environment (local) or SSM (AWS); a missing parameter keeps the pages closed. */
export async function opsAccess(): Promise<OpsAccess> {
  const config = opsConfig();
  const token = await resolveSecret(
    'METRICS_TOKEN',
    { value: config.METRICS_TOKEN, parameter: config.METRICS_TOKEN_PARAMETER },
    16,
  ).catch((error) => {
    if (config.METRICS_TOKEN_PARAMETER) log().warn('metrics token unavailable', { error: error as Error });
    return undefined;
  });
  return { token, public: config.METRICS_PUBLIC };
}

/** A value computed at most once per `seconds` per container; concurrent callers share the computation. */
export function cachedFor<T>(seconds: () => number, compute: () => Promise<T>): () => Promise<T> {
  let cached: { at: number; value: Promise<T> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at >= seconds() * 1000) {
      const value = compute();
      cached = { at: Date.now(), value };
      value.catch(() => {
        if (cached?.value === value) cached = undefined;
      });
    }
    return cached.value;
  };
}

export const metricsText = cachedFor(
  () => opsConfig().METRICS_CACHE_SECONDS,
  async () => collectMetrics(await metricsDeps()),
);

export async function statusDeps(): Promise<StatusDeps> {
  return { ...(await metricsDeps()), readRecentMinutes };
}
