import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { sql } from 'kysely';
import { dynamoClient } from '#platform/aws/clients';
import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { httpEvent, lambdaContext } from '../../support/http-event.js';
import { type FaultyEndpoint, faultyEndpoint } from './faulty-endpoint.js';

// A dependency that is down or too slow is a 503 SERVICE.UNAVAILABLE with Retry-After, never a 500.
let dynamodb: FaultyEndpoint;
beforeAll(async () => {
  dynamodb = await faultyEndpoint(process.env.DYNAMODB_ENDPOINT!, 'refuse');
  process.env.DYNAMODB_ENDPOINT = dynamodb.url;
});
afterAll(() => dynamodb.close());

async function expectUnavailable(handler: ReturnType<typeof httpHandler>) {
  const response = await handler(httpEvent({ path: '/probe' }), lambdaContext());
  expect(response.statusCode).toBe(503);
  expect(response.headers?.['content-type']).toBe('application/problem+json');
  expect(Number(response.headers?.['retry-after'])).toBeGreaterThan(0);
  expect(JSON.parse(String(response.body))).toMatchObject({ code: 'SERVICE.UNAVAILABLE', status: 503 });
}

describe('dependency outages over HTTP', () => {
  it('answers 503 when DynamoDB refuses connections', async () => {
    await expectUnavailable(
      httpHandler({
        auth: false,
        handler: async () => {
          await dynamoClient().send(new DescribeTableCommand({ TableName: 'anything' }));
          return json(200, {});
        },
      }),
    );
  });

  it('answers 503 when a statement runs into the statement timeout', async () => {
    await expectUnavailable(
      httpHandler({
        auth: false,
        handler: async () => {
          await (await getDb()).transaction().execute(async (trx) => {
            await sql`set local statement_timeout = 50`.execute(trx);
            await sql`select pg_sleep(5)`.execute(trx);
          });
          return json(200, {});
        },
      }),
    );
  });

  it('keeps the statement timeout on every pooled connection', async () => {
    const { rows } = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(await getDb());
    const idle = await sql<{
      idle_in_transaction_session_timeout: string;
    }>`show idle_in_transaction_session_timeout`.execute(await getDb());
    expect(rows[0]?.statement_timeout).not.toBe('0');
    expect(idle.rows[0]?.idle_in_transaction_session_timeout).not.toBe('0');
  });
});
