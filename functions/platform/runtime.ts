import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { dynamoClient } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { getDb } from '#platform/db/index';
import type { DB } from '#platform/db/schema';
import { queueUrl } from '#platform/messaging/queues';
import { log } from '#platform/observability';
import type { RelayOptions } from './relay-outbox.js';

// The composition root of the platform's own functions: handlers take their dependencies from here.

export async function platformDeps(): Promise<{ db: Kysely<DB> }> {
  return { db: await getDb() };
}

/** One probe per shared service; a probe resolves when its service answers. */
export function healthProbes(): Record<string, () => Promise<unknown>> {
  return {
    postgres: async () => sql`select 1`.execute(await getDb()),
    sqs: () => queueUrl('notifications'),
    dynamodb: () =>
      dynamoClient().send(new DescribeTableCommand({ TableName: platformConfig().IDEMPOTENCY_TABLE })),
  };
}

/** Why a probe failed goes to the log only: the report is public. */
export const logHealthFailure = (check: string, error: unknown) =>
  log().error('health check failed', { check, error: error as Error });

/** 500 rows a round, at most 20 rounds (10,000 messages) per run. */
export const relayOptions: RelayOptions = { batchSize: 500, maxRounds: 20 };
