import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { sql } from 'kysely';
import { dynamoClient } from '../../../../layers/platform/aws/clients.js';
import { platformConfig } from '../../../../layers/platform/config.js';
import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { json } from '../../../../layers/platform/http/responses.js';
import { queueUrl } from '../../../../layers/platform/messaging/queues.js';
import { log } from '../../../../layers/platform/observability.js';
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
