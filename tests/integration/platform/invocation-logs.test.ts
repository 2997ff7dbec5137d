import type { SQSEvent } from 'aws-lambda';
import { z } from 'zod';
// serverless-offline --useInProcess runs concurrent invocations in one module instance: every log line
// must carry the Lambda context of its own invocation, never the one that happened to start last.
import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { sqsHandler } from '#platform/messaging/consumer';
import { log, rootLogger } from '#platform/observability';
import { httpEvent, lambdaContext } from '../../support/http-event.js';

// Tests run with logs silenced; these read them.
beforeAll(() => rootLogger.setLogLevel('INFO'));
afterAll(() => rootLogger.setLogLevel('SILENT'));

type Line = {
  message: string;
  function_name?: string;
  function_request_id?: string;
  correlation_id?: string;
};

/** Everything the logger writes to stdout while `run` runs, as parsed JSON lines. */
async function captureLogs(run: () => Promise<unknown>): Promise<Line[]> {
  const written: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  try {
    await run();
  } finally {
    process.stdout.write = write;
  }
  return written
    .join('')
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Line);
}

/** Two invocations that interleave: each logs, waits for the other to start, then logs again. */
function interleaved() {
  let release!: () => void;
  const bothStarted = new Promise<void>((resolve) => {
    release = resolve;
  });
  let started = 0;
  return async (label: string) => {
    log().info('started', { label });
    if (++started === 2) release();
    await bothStarted;
    log().info('finishing', { label });
  };
}

describe('log context per invocation', () => {
  it('never tags an HTTP invocation with the Lambda context of a concurrent one', async () => {
    const step = interleaved();
    const route = httpHandler({
      auth: false,
      handler: async (request) => {
        await step(request.event.rawPath);
        return json(200, {});
      },
    });
    const me = lambdaContext('getMe');
    const notifications = lambdaContext('listNotifications');

    const lines = await captureLogs(() =>
      Promise.all([
        route(httpEvent({ path: '/me' }), me),
        route(httpEvent({ path: '/notifications' }), notifications),
      ]),
    );

    const byRequest = (id: string) => lines.filter((line) => line.function_request_id === id);
    expect(byRequest(me.awsRequestId).length).toBeGreaterThanOrEqual(3); // started, finishing, access log
    expect(byRequest(notifications.awsRequestId).length).toBeGreaterThanOrEqual(3);
    for (const line of lines) {
      const own = line.function_request_id === me.awsRequestId ? 'getMe' : 'listNotifications';
      expect(line.function_name).toBe(own);
    }
    for (const line of lines.filter((entry) => entry.message !== 'request')) {
      const path = (line as { label?: string }).label;
      expect(line.function_name).toBe(path === '/me' ? 'getMe' : 'listNotifications');
    }
  });

  it('tags every record of a concurrent SQS batch with its own invocation', async () => {
    const step = interleaved();
    const consumer = sqsHandler({
      queue: { name: 'logs-test', schema: z.object({ label: z.string() }) },
      handle: (message) => step(message.label),
    });
    const record = (label: string) =>
      ({ messageId: label, body: JSON.stringify({ label }), messageAttributes: {}, attributes: {} }) as never;
    const batch = (label: string): SQSEvent => ({ Records: [record(label)] });
    const first = lambdaContext('storeNotification');
    const second = lambdaContext('deliverWebhook');

    const lines = await captureLogs(() =>
      Promise.all([consumer(batch('storeNotification'), first), consumer(batch('deliverWebhook'), second)]),
    );

    const tagged = lines.filter((line) => (line as { label?: string }).label);
    expect(tagged).toHaveLength(4);
    for (const line of tagged) expect(line.function_name).toBe((line as { label?: string }).label);
  });
});
