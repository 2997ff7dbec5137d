import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { Invoke } from './lambda.js';
import type { QueueInfo, ServerlessConfig } from './resources.js';
import { getAttTarget } from './resources.js';
import { sqsEvent, succeededMessageIds } from './sqs-event.js';

/** One `events[].sqs` entry of a function: what AWS would configure as an event source mapping. */
export interface SqsSubscription {
  functionKey: string;
  queueUrl: string;
  queueArn: string;
  batchSize: number;
  /** Seconds to keep collecting messages for a batch larger than one receive (10). */
  maximumBatchingWindow: number;
  reportBatchItemFailures: boolean;
}

export interface BatchLog {
  function: string;
  queue: string;
  received: number;
  deleted: number;
  failed: number;
  error?: string;
}

export interface SqsPollerDeps {
  sqs: SQSClient;
  invoke: Invoke;
  region: string;
  log: (entry: BatchLog) => void;
  /** Batches in flight per subscription. */
  concurrency?: number;
  /** Long-poll wait; stop() aborts it, so a long wait does not slow shutdown down. */
  waitTimeSeconds?: number;
}

type SqsEventConfig = {
  arn?: unknown;
  batchSize?: number;
  maximumBatchingWindow?: number;
  functionResponseType?: string;
};

/** The SQS subscriptions of every function in the resolved config, matched to the created queues. */
export function sqsSubscriptions(
  config: ServerlessConfig,
  queues: Map<string, QueueInfo>,
): SqsSubscription[] {
  const byArnOrName = (arn: string) =>
    [...queues.values()].find((queue) => queue.arn === arn || queue.name === arn.split(':').pop());
  return Object.entries(config.functions).flatMap(([functionKey, fn]) =>
    (fn.events ?? []).flatMap((event) => {
      if (!event.sqs) return [];
      const sqs: SqsEventConfig =
        typeof event.sqs === 'string' ? { arn: event.sqs } : (event.sqs as SqsEventConfig);
      const target = getAttTarget(sqs.arn);
      const queue = target ? queues.get(target) : byArnOrName(String(sqs.arn));
      if (!queue)
        throw new Error(
          `function ${functionKey}: sqs event source ${JSON.stringify(sqs.arn)} is not a known queue`,
        );
      return [
        {
          functionKey,
          queueUrl: queue.url,
          queueArn: queue.arn,
          batchSize: sqs.batchSize ?? 10,
          maximumBatchingWindow: sqs.maximumBatchingWindow ?? 0,
          reportBatchItemFailures: sqs.functionResponseType === 'ReportBatchItemFailures',
        },
      ];
    }),
  );
}

/** Feeds SQS messages to functions the way Lambda's event source mapping does, including partial batch failures. */
export class SqsPoller {
  readonly #deps: Required<SqsPollerDeps>;
  readonly #abort = new AbortController();
  #loops: Promise<void>[] = [];

  constructor(deps: SqsPollerDeps) {
    this.#deps = { concurrency: 4, waitTimeSeconds: 20, ...deps };
  }

  start(subscriptions: SqsSubscription[]): void {
    // Every long poll in flight listens on the one stop signal (the SDK's abortSignal): as many listeners
    // as loops, which is expected, not the leak Node's default limit of 10 warns about.
    setMaxListeners(subscriptions.length * this.#deps.concurrency + 10, this.#abort.signal);
    for (const subscription of subscriptions) {
      for (let i = 0; i < this.#deps.concurrency; i++) this.#loops.push(this.#loop(subscription));
    }
  }

  /** Stops receiving; batches already being processed finish (their messages are deleted or left). */
  async stop(): Promise<void> {
    this.#abort.abort();
    await Promise.all(this.#loops);
  }

  async #loop(subscription: SqsSubscription): Promise<void> {
    while (!this.#abort.signal.aborted) {
      try {
        const messages = await this.#collect(subscription);
        if (messages.length > 0) await this.#process(subscription, messages);
      } catch (error) {
        if (this.#abort.signal.aborted) return;
        this.#deps.log({
          ...this.#names(subscription),
          received: 0,
          deleted: 0,
          failed: 0,
          error: String(error),
        });
        await sleep(1_000, undefined, { signal: this.#abort.signal }).catch(() => undefined);
      }
    }
  }

  /** One long poll, then (for batches over 10) more receives until full or the batching window ends. */
  async #collect(subscription: SqsSubscription): Promise<Message[]> {
    const messages = await this.#receive(subscription, subscription.batchSize, this.#deps.waitTimeSeconds);
    const windowEnds = Date.now() + subscription.maximumBatchingWindow * 1000;
    while (messages.length > 0 && messages.length < subscription.batchSize && Date.now() < windowEnds) {
      const wait = Math.min(20, Math.ceil((windowEnds - Date.now()) / 1000));
      const more = await this.#receive(subscription, subscription.batchSize - messages.length, wait);
      if (more.length === 0) break;
      messages.push(...more);
    }
    return messages;
  }

  async #receive(subscription: SqsSubscription, wanted: number, waitTimeSeconds: number): Promise<Message[]> {
    const { Messages } = await this.#deps.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: subscription.queueUrl,
        MaxNumberOfMessages: Math.min(10, wanted),
        WaitTimeSeconds: waitTimeSeconds,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
      { abortSignal: this.#abort.signal },
    );
    return Messages ?? [];
  }

  /** Invokes the function; returns the ids to delete (none when the batch failed) and why it failed. */
  async #invoke(
    subscription: SqsSubscription,
    messages: Message[],
  ): Promise<{ succeeded: string[]; error?: string }> {
    const ids = messages.map((message) => message.MessageId!);
    try {
      const event = sqsEvent(messages, subscription.queueArn, this.#deps.region);
      const result = await this.#deps.invoke(subscription.functionKey, event);
      if (result.functionError)
        return { succeeded: [], error: `${result.functionError}: ${describe(result.payload)}` };
      if (!subscription.reportBatchItemFailures) return { succeeded: ids };
      const succeeded = succeededMessageIds(result.payload, ids);
      return succeeded ? { succeeded } : { succeeded: [], error: 'invalid batchItemFailures response' };
    } catch (error) {
      return { succeeded: [], error: String(error) };
    }
  }

  async #process(subscription: SqsSubscription, messages: Message[]): Promise<void> {
    const { succeeded, error } = await this.#invoke(subscription, messages);
    const ok = new Set(succeeded);
    const toDelete = messages.filter((message) => ok.has(message.MessageId!));
    await this.#delete(subscription, toDelete);
    this.#deps.log({
      ...this.#names(subscription),
      received: messages.length,
      deleted: toDelete.length,
      failed: messages.length - toDelete.length,
      ...(error && { error }),
    });
  }

  async #delete(subscription: SqsSubscription, messages: Message[]): Promise<void> {
    const chunks: Message[][] = [];
    for (let i = 0; i < messages.length; i += 10) chunks.push(messages.slice(i, i + 10));
    // One DeleteMessageBatch per 10 (the SQS limit), sent together for batches over 10.
    // Not aborted by stop(): a processed message must not be delivered a second time.
    await Promise.all(
      chunks.map((chunk) =>
        this.#deps.sqs.send(
          new DeleteMessageBatchCommand({
            QueueUrl: subscription.queueUrl,
            Entries: chunk.map((message, index) => ({
              Id: String(index),
              ReceiptHandle: message.ReceiptHandle!,
            })),
          }),
        ),
      ),
    );
  }

  #names(subscription: SqsSubscription) {
    return { function: subscription.functionKey, queue: subscription.queueArn.split(':').pop()! };
  }
}

function describe(payload: unknown): string {
  const message = (payload as { errorMessage?: unknown } | undefined)?.errorMessage;
  return typeof message === 'string' ? message : JSON.stringify(payload);
}
