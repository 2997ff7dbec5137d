// The local stand-in for EventBridge schedules + Lambda's asynchronous invocation: every function with
// a `schedule` event is invoked at its minute (UTC) through serverless-offline's Invoke API; a failed
// invocation is retried `maximumRetryAttempts` times (Lambda's async default: 2), and when the last
// attempt fails too, an on-failure record shaped like AWS's goes to the function's `destinations.onFailure`
// queue (the cron-failures queue, see serverless.yml custom.cronFailures). serverless-offline's own
// scheduler (one attempt, errors only logged) is switched off by local/offline-scheduler-plugin.cjs.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { type ScheduleMatcher, scheduleMatcher } from './cron-schedule.js';
import type { Invoke } from './lambda.js';
import { lambdaName } from './lambda.js';
import { getAttTarget, type QueueInfo, type ServerlessConfig } from './resources.js';

/** Lambda's default for asynchronous invocations when a function sets no maximumRetryAttempts. */
export const DEFAULT_RETRY_ATTEMPTS = 2;

export interface CronJob {
  functionKey: string;
  expression: string;
  matches: ScheduleMatcher;
  /** The schedule's `input`, sent instead of the EventBridge event when set. */
  input?: unknown;
  maximumRetryAttempts: number;
  /** The on-failure destination queue, when the function has one. */
  onFailure?: QueueInfo;
}

type ScheduleConfig = { rate?: string | string[]; enabled?: boolean; input?: unknown };
type AsyncConfig = {
  maximumRetryAttempts?: number;
  destinations?: { onFailure?: string | { type?: string; arn?: unknown } };
};

function matcherFor(functionKey: string, expression: string) {
  try {
    return scheduleMatcher(expression);
  } catch (error) {
    throw new Error(`function ${functionKey}: schedule ${(error as Error).message}`);
  }
}

/** The `schedule` events of every function in the resolved config (disabled ones left out). */
export function cronJobs(config: ServerlessConfig, queues: Map<string, QueueInfo>): CronJob[] {
  return Object.entries(config.functions).flatMap(([functionKey, fn]) => {
    const async = fn as AsyncConfig;
    const destination = async.destinations?.onFailure;
    const target = typeof destination === 'object' ? getAttTarget(destination.arn) : undefined;
    const onFailure = target ? queues.get(target) : undefined;
    if (destination && !onFailure) {
      throw new Error(
        `function ${functionKey}: on-failure destination ${JSON.stringify(destination)} is not a known queue`,
      );
    }
    return (fn.events ?? []).flatMap((event) => {
      if (!event.schedule) return [];
      const schedule: ScheduleConfig =
        typeof event.schedule === 'string' ? { rate: event.schedule } : (event.schedule as ScheduleConfig);
      if (schedule.enabled === false) return [];
      const rates = typeof schedule.rate === 'string' ? [schedule.rate] : (schedule.rate ?? []);
      return rates.map((expression) => ({
        functionKey,
        expression,
        matches: matcherFor(functionKey, expression),
        input: schedule.input,
        maximumRetryAttempts: async.maximumRetryAttempts ?? DEFAULT_RETRY_ATTEMPTS,
        onFailure,
      }));
    });
  });
}

export interface CronRunLog {
  function: string;
  attempts: number;
  outcome: 'ok' | 'failed';
  error?: string;
  /** Where the on-failure record went (queue name), when the last attempt failed. */
  onFailure?: string;
}

export interface CronSchedulerDeps {
  invoke: Invoke;
  sqs: SQSClient;
  region: string;
  /** Waits before each retry; Lambda waits about 1 then 2 minutes. */
  retryDelaysMs?: number[];
  log: (entry: CronRunLog) => void;
}

const ACCOUNT = '000000000000';

export class CronScheduler {
  #timer?: NodeJS.Timeout;
  #running = new Set<Promise<unknown>>();
  #stopped = false;
  #stop = new AbortController();

  constructor(private readonly deps: CronSchedulerDeps) {}

  /**
   * Fires the due jobs at the start of every wall-clock minute until stop(). Each tick fires the minute
   * it was set for, however late its timer runs (a stalled event loop, a debugger, a suspended laptop),
   * and never a minute twice; minutes slept through entirely are skipped, as a schedule that was not
   * running would not have fired them either.
   */
  start(jobs: CronJob[]): void {
    const clock = () => Date.now();
    let due = Math.floor(clock() / 60_000) + 1; // the next minute boundary, in minutes
    const schedule = () => {
      this.#timer = setTimeout(tick, Math.max(0, due * 60_000 - clock()));
    };
    const tick = () => {
      if (this.#stopped) return;
      if (clock() < due * 60_000 - 1_000) return schedule(); // woke before its minute (a clock change)
      const at = new Date(due * 60_000);
      for (const job of jobs) if (job.matches(at)) this.#track(this.run(job, at));
      due = Math.max(due + 1, Math.floor(clock() / 60_000) + 1);
      schedule();
    };
    schedule();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    this.#stop.abort();
    await Promise.allSettled([...this.#running]);
  }

  #track(run: Promise<unknown>): void {
    this.#running.add(run);
    void run.finally(() => this.#running.delete(run));
  }

  /** One scheduled invocation with Lambda's async retries; the on-failure record after the last one. */
  async run(job: CronJob, at: Date = new Date()): Promise<CronRunLog> {
    const event = job.input ?? this.#scheduledEvent(job, at);
    const requestId = randomUUID();
    const delays = this.deps.retryDelaysMs ?? [60_000, 120_000];
    let failure: { payload: unknown; functionError: string } | undefined;
    let attempts = 0;
    for (; attempts <= job.maximumRetryAttempts; attempts++) {
      if (attempts > 0) {
        const stopped = await sleep(delays[Math.min(attempts - 1, delays.length - 1)], false, {
          signal: this.#stop.signal,
        }).catch(() => true);
        if (stopped) {
          // The runtime is stopping: the remaining retries are abandoned, and no record claims otherwise.
          const entry: CronRunLog = {
            function: job.functionKey,
            attempts,
            outcome: 'failed',
            error: 'stopped',
          };
          this.deps.log(entry);
          return entry;
        }
      }
      failure = await this.deps.invoke(job.functionKey, event).then(
        (result) =>
          result.functionError ? { payload: result.payload, functionError: result.functionError } : undefined,
        (error: Error) => ({
          payload: { errorMessage: error.message, errorType: error.name },
          functionError: 'Unhandled',
        }),
      );
      if (!failure) {
        const entry: CronRunLog = { function: job.functionKey, attempts: attempts + 1, outcome: 'ok' };
        this.deps.log(entry);
        return entry;
      }
    }
    const entry: CronRunLog = {
      function: job.functionKey,
      attempts,
      outcome: 'failed',
      error: (failure?.payload as { errorMessage?: string } | undefined)?.errorMessage,
    };
    if (job.onFailure && failure) {
      await this.deps.sqs.send(
        new SendMessageCommand({
          QueueUrl: job.onFailure.url,
          MessageBody: JSON.stringify(this.#failureRecord(job, requestId, attempts, event, failure)),
        }),
      );
      entry.onFailure = job.onFailure.name;
    }
    this.deps.log(entry);
    return entry;
  }

  #scheduledEvent(job: CronJob, at: Date) {
    return {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: ACCOUNT,
      time: at.toISOString().replace(/\.\d+Z$/, 'Z'),
      region: this.deps.region,
      resources: [
        `arn:aws:events:${this.deps.region}:${ACCOUNT}:rule/${lambdaName(job.functionKey)}-schedule`,
      ],
      detail: {},
    };
  }

  /** What Lambda sends to an on-failure destination (docs: "Invocation record"). */
  #failureRecord(
    job: CronJob,
    requestId: string,
    attempts: number,
    event: unknown,
    failure: { payload: unknown; functionError: string },
  ) {
    return {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: {
        requestId,
        functionArn: `arn:aws:lambda:${this.deps.region}:${ACCOUNT}:function:${lambdaName(job.functionKey)}:$LATEST`,
        condition: 'RetriesExhausted',
        approximateInvokeCount: attempts,
      },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: failure.functionError },
      responsePayload: failure.payload,
    };
  }
}
