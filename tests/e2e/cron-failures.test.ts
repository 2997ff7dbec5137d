import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GetQueueUrlCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { localSqsClient } from '../../local/resources.js';
import { eventually } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// A scheduled function that keeps failing, through `npm start`'s own scheduler: it is tried like an
// asynchronous Lambda invocation (the first attempt and maximumRetryAttempts: 2 retries, here 300 ms
// apart instead of 1 and 2 minutes), then its AWS-shaped invocation record lands in the cron-failures
// queue, where /metrics and /status show it. cancelUnpaidOrders fails on its configuration here
// (ORDER_PAYMENT_TIMEOUT_MINUTES=0 is below the minimum), on its every-minute schedule.
describe('a failing cron function on the running stack', () => {
  let stack: Stack;
  const saved = { ...process.env };

  beforeAll(async () => {
    process.env.ORDER_PAYMENT_TIMEOUT_MINUTES = '0';
    process.env.SYNCORE_CRON_RETRY_DELAY_MS = '300';
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    await disposeStack(stack);
  });

  it('ends, after the retries, as an on-failure record in the cron-failures queue, shown by /metrics', async () => {
    const token = JSON.parse(readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8')).METRICS_TOKEN;
    const scrape = async () =>
      (await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
    // Fires on the next wall-clock minute; the scrape is cached for up to 10 s.
    const metrics = await eventually(
      async () => {
        const text = await scrape();
        return /syncore_queue_messages_visible\{queue="cron-failures"\} [1-9]/.test(text) ? text : undefined;
      },
      'the failure record in the cron-failures queue',
      100_000,
    );
    expect(metrics).toContain('syncore_queue_messages_visible{queue="cron-failures"}');
    const status = await fetch(`${stack.baseUrl}/status?token=${token}`);
    expect(await status.text()).toContain('cron-failures');

    const sqs = localSqsClient((await stack.state()).sqsEndpoint);
    try {
      const { QueueUrl } = await sqs.send(
        new GetQueueUrlCommand({ QueueName: 'syncore-local-cron-failures' }),
      );
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      const records = Messages.map((message) => JSON.parse(message.Body!));
      const record = records.find((r) =>
        r.requestContext.functionArn.includes(':function:syncore-local-cancelUnpaidOrders:'),
      );
      expect(record).toMatchObject({
        version: '1.0',
        requestContext: { condition: 'RetriesExhausted', approximateInvokeCount: 3 },
        requestPayload: { source: 'aws.events', 'detail-type': 'Scheduled Event' },
        responseContext: { functionError: 'Unhandled' },
      });
      expect(JSON.stringify(record.responsePayload)).toContain('ORDER_PAYMENT_TIMEOUT_MINUTES');
      // Only the broken function failed: the other crons of the same minute are not in the queue.
      expect(records.every((r) => r.requestContext.functionArn.includes('cancelUnpaidOrders'))).toBe(true);
    } finally {
      sqs.destroy();
    }
  }, 130_000);
});
