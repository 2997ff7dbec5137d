import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { sql } from 'kysely';
import { dynamoClient } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { queueUrl } from '#platform/messaging/queues';
import { log } from '#platform/observability';
import { checkHealth } from '../../health.js';

export const handler = httpHandler({
  auth: false,
  handler: async () => {
    const report = await checkHealth(
      {
        postgres: async () => sql`select 1`.execute(await getDb()),
        sqs: () => queueUrl('notifications'),
        dynamodb: () =>
          dynamoClient().send(new DescribeTableCommand({ TableName: platformConfig().IDEMPOTENCY_TABLE })),
      },
      (check, error) => log().error('health check failed', { check, error: error as Error }),
    );
    return json(report.status === 'ok' ? 200 : 503, report, { 'cache-control': 'no-store' });
  },
});
