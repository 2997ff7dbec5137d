import { randomUUID } from 'node:crypto';
import {
  CreateQueueCommand,
  DeleteQueueCommand,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import { jest } from '@jest/globals';
import { REGION } from '../../../local/config.js';
import { scheduleMatcher } from '../../../local/cron-schedule.js';
import { type CronRunLog, CronScheduler, cronJobs } from '../../../local/cron-scheduler.js';
import type { Invoke } from '../../../local/lambda.js';
import { localSqsClient, type QueueInfo, type ServerlessConfig } from '../../../local/resources.js';

// The local scheduler against the real SQS emulator of globalSetup: a scheduled function that keeps
// throwing is retried like Lambda's async invocations, then its invocation record lands in the
// on-failure queue, shaped as AWS sends it.
let sqs: SQSClient;
let failures: QueueInfo;

beforeAll(async () => {
  sqs = localSqsClient(process.env.SQS_ENDPOINT!);
  const name = `cron-failures-test-${randomUUID()}`;
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: name }));
  failures = {
    logicalId: 'CronFailuresQueue',
    name,
    url: QueueUrl!,
    arn: `arn:aws:sqs:${REGION}:000000000000:${name}`,
  };
});
afterAll(async () => {
  await sqs.send(new DeleteQueueCommand({ QueueUrl: failures.url }));
  sqs.destroy();
});

/** The relevant part of `serverless print`: two scheduled functions with custom.cronFailures applied. */
const config = (maximumRetryAttempts?: number): ServerlessConfig => {
  const asyncConfig = {
    destinations: { onFailure: { type: 'sqs', arn: { 'Fn::GetAtt': ['CronFailuresQueue', 'Arn'] } } },
    ...(maximumRetryAttempts === undefined ? {} : { maximumRetryAttempts }),
  };
  return {
    service: 'syncore',
    functions: {
      expireHolds: {
        handler: 'functions/booking/handlers/cron/expire-holds.handler',
        events: [{ schedule: { rate: 'rate(1 minute)', description: 'x' } }],
        ...asyncConfig,
      },
      cleanupEvents: {
        handler: 'functions/calendar/handlers/cron/cleanup-events.handler',
        events: [{ schedule: { rate: 'cron(15 3 * * ? *)' } }, { httpApi: { method: 'GET', path: '/x' } }],
        ...asyncConfig,
      },
      createEvent: { handler: 'x', events: [{ httpApi: { method: 'POST', path: '/events' } }] },
    } as ServerlessConfig['functions'],
  };
};

/** serverless-offline's Invoke API answer for a handler that throws, or returns. */
function recordingInvoke(outcomes: Array<'throw' | 'ok'>) {
  const calls: Array<{ functionKey: string; event: unknown }> = [];
  const invoke: Invoke = async (functionKey, event) => {
    calls.push({ functionKey, event });
    if ((outcomes[calls.length - 1] ?? 'throw') === 'ok') return { payload: undefined };
    return {
      payload: { errorType: 'Error', errorMessage: 'relation "holds" does not exist', trace: [] },
      functionError: 'Unhandled',
    };
  };
  return { invoke, calls };
}

async function receiveAll() {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: failures.url, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
  );
  return Messages.map((message) => JSON.parse(message.Body!));
}

describe('the local scheduler (EventBridge + async Lambda stand-in)', () => {
  it('reads the schedule events, their retries (Lambda default 2) and the on-failure queue from the config', () => {
    const queues = new Map([['CronFailuresQueue', failures]]);
    const jobs = cronJobs(config(), queues);
    expect(
      jobs.map((job) => [job.functionKey, job.expression, job.maximumRetryAttempts, job.onFailure?.name]),
    ).toEqual([
      ['expireHolds', 'rate(1 minute)', 2, failures.name],
      ['cleanupEvents', 'cron(15 3 * * ? *)', 2, failures.name],
    ]);
    expect(cronJobs(config(0), queues)[0]!.maximumRetryAttempts).toBe(0);
    expect(jobs[1]!.matches(new Date('2026-03-01T03:15:00Z'))).toBe(true);
    expect(jobs[1]!.matches(new Date('2026-03-01T03:16:00Z'))).toBe(false);
    expect(() => cronJobs(config(), new Map())).toThrow(/on-failure destination .* is not a known queue/);
  });

  it('retries a throwing cron function, then sends an AWS-shaped on-failure record to the queue', async () => {
    const [job] = cronJobs(config(), new Map([['CronFailuresQueue', failures]]));
    const { invoke, calls } = recordingInvoke(['throw', 'throw', 'throw']);
    const logs: CronRunLog[] = [];
    const scheduler = new CronScheduler({
      invoke,
      sqs,
      region: REGION,
      retryDelaysMs: [10, 20],
      log: (e) => logs.push(e),
    });

    const result = await scheduler.run(job!, new Date('2026-03-01T10:00:00Z'));

    expect(calls).toHaveLength(3); // the first attempt and Lambda's 2 retries, with the same event
    expect(calls.every(({ event }) => event === calls[0]!.event)).toBe(true);
    expect(calls[0]!.event).toMatchObject({
      source: 'aws.events',
      'detail-type': 'Scheduled Event',
      time: '2026-03-01T10:00:00Z',
    });
    expect(result).toEqual({
      function: 'expireHolds',
      attempts: 3,
      outcome: 'failed',
      error: 'relation "holds" does not exist',
      onFailure: failures.name,
    });
    const [record, ...more] = await receiveAll();
    expect(more).toEqual([]);
    expect(record).toMatchObject({
      version: '1.0',
      requestContext: {
        functionArn: `arn:aws:lambda:${REGION}:000000000000:function:syncore-local-expireHolds:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: 3,
      },
      requestPayload: calls[0]!.event,
      responseContext: { functionError: 'Unhandled' },
      responsePayload: { errorType: 'Error', errorMessage: 'relation "holds" does not exist' },
    });
    expect(logs).toEqual([result]);
    await scheduler.stop();
  });

  it('sends nothing when a retry succeeds, and honours maximumRetryAttempts: 0', async () => {
    const [job] = cronJobs(config(), new Map([['CronFailuresQueue', failures]]));
    const flaky = recordingInvoke(['throw', 'ok']);
    const scheduler = new CronScheduler({
      invoke: flaky.invoke,
      sqs,
      region: REGION,
      retryDelaysMs: [10],
      log: () => {},
    });
    expect(await scheduler.run(job!)).toEqual({ function: 'expireHolds', attempts: 2, outcome: 'ok' });
    expect(await receiveAll()).toEqual([]);

    const [once] = cronJobs(config(0), new Map([['CronFailuresQueue', failures]]));
    const failing = recordingInvoke(['throw']);
    const strict = new CronScheduler({ invoke: failing.invoke, sqs, region: REGION, log: () => {} });
    expect((await strict.run(once!)).attempts).toBe(1);
    expect(failing.calls).toHaveLength(1);
    expect((await receiveAll())[0].requestContext.approximateInvokeCount).toBe(1);
  });
});

describe('the local scheduler timing', () => {
  afterEach(() => jest.useRealTimers());

  it('fires the minute it was set for even when its timer runs late, and never a minute twice', async () => {
    jest.useFakeTimers({ now: Date.parse('2030-01-01T11:54:10Z') });
    const fired: string[] = [];
    const scheduler = new CronScheduler({
      sqs,
      region: REGION,
      log: () => undefined,
      invoke: async (_key, event) => {
        fired.push((event as { time: string }).time);
        return { payload: null };
      },
    });
    const expression = 'rate(1 minute)';
    scheduler.start([
      {
        functionKey: 'relayOutbox',
        expression,
        matches: scheduleMatcher(expression),
        maximumRetryAttempts: 0,
      },
    ]);
    // The event loop stalls for 35 s just before 11:55:00 (a debugger, a suspended laptop): the clock
    // jumps and the timer due at 11:55:00 runs at 11:55:35 (setSystemTime moves pending timers along).
    await jest.advanceTimersByTimeAsync(49_900);
    jest.setSystemTime(Date.parse('2030-01-01T11:55:34.900Z'));
    await jest.advanceTimersByTimeAsync(100); // 11:55:35: the late tick
    await jest.advanceTimersByTimeAsync(25_000 + 60_000); // on to 11:57:00
    await scheduler.stop();
    expect(fired).toEqual(['2030-01-01T11:55:00Z', '2030-01-01T11:56:00Z', '2030-01-01T11:57:00Z']);
  });
});
