import { GetQueueUrlCommand, type MessageAttributeValue, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type { z } from 'zod';
import { sqsClient } from '../aws/clients.js';
import { platformConfig } from '../config.js';
import { currentCorrelationId } from '../observability.js';
import { currentTraceparent } from '../telemetry/trace.js';

/** A queue and the contract of its messages, shared by its producers and its consumer. */
export interface QueueContract<S extends z.ZodType> {
  /** Name without the `<service>-<stage>-` prefix, as in resources/queues.yml. */
  name: string;
  schema: S;
  /**
   * SQS FIFO queues only (the name ends in `.fifo`): each message's MessageGroupId (ordering is per
   * group) and MessageDeduplicationId (a repeat within SQS's 5-minute window is dropped). The outbox
   * stores both with the row and sends each group's rows in order.
   */
  fifo?: {
    groupId: (message: z.infer<S>) => string;
    deduplicationId: (message: z.infer<S>) => string;
  };
}

export class PublishError extends Error {
  override name = 'PublishError';
}

const queueUrls = new Map<string, Promise<string>>();

/** Resolves a queue URL once per container; the name, not a CloudFormation Ref, works on every runtime. */
export function queueUrl(name: string): Promise<string> {
  const fullName = `${platformConfig().QUEUE_PREFIX}${name}`;
  let url = queueUrls.get(fullName);
  if (!url) {
    url = sqsClient()
      .send(new GetQueueUrlCommand({ QueueName: fullName }))
      .then((result) => result.QueueUrl!);
    url.catch(() => queueUrls.delete(fullName));
    queueUrls.set(fullName, url);
  }
  return url;
}

export const CORRELATION_ATTRIBUTE = 'correlationId';

export interface Outgoing<T> {
  message: T;
  delaySeconds?: number;
  /** FIFO queues only. */
  groupId?: string;
  deduplicationId?: string;
}

/** A message's attributes: its correlation id, and its (or the current producer span's) trace context. */
function messageAttributes(
  correlationId: string | null | undefined,
  traceparent = currentTraceparent(),
): Record<string, MessageAttributeValue> {
  return {
    ...(correlationId ? { [CORRELATION_ATTRIBUTE]: { DataType: 'String', StringValue: correlationId } } : {}),
    ...(traceparent ? { [TRACEPARENT_ATTRIBUTE]: { DataType: 'String', StringValue: traceparent } } : {}),
  };
}

/** W3C trace context of the sender, continued by the consumer (layers/platform/messaging/consumer.ts). */
export const TRACEPARENT_ATTRIBUTE = 'traceparent';

function correlationAttributes(): Record<string, MessageAttributeValue> {
  return messageAttributes(currentCorrelationId());
}

/** What SendMessageBatch answered, by index of the entries sent. */
export interface BatchOutcome {
  accepted: number[];
  rejected: { index: number; reason: string; code: string; senderFault: boolean }[];
}

/**
 * Sends up to ten already-serialised bodies in one SendMessageBatch and says which of them SQS accepted
 * (by index); used where each message's outcome matters (the outbox). Entries may belong to different
 * requests (the relay sends rows of many requests together): each carries its own correlation id and
 * trace context.
 */
export function sendEntryBatch(
  queueName: string,
  entries: { body: string; correlationId?: string | null; traceparent?: string }[],
  abortSignal?: AbortSignal,
): Promise<BatchOutcome> {
  return sendEntries(queueName, entries, abortSignal);
}

/** One SendMessageBatch of up to ten entries (FIFO ones carry their group and deduplication id). */
async function sendEntries(
  queueName: string,
  entries: {
    body: string;
    correlationId?: string | null;
    traceparent?: string;
    groupId?: string;
    deduplicationId?: string;
  }[],
  abortSignal?: AbortSignal,
): Promise<BatchOutcome> {
  const result = await sqsClient().send(
    new SendMessageBatchCommand({
      QueueUrl: await abortable(queueUrl(queueName), abortSignal),
      Entries: entries.map((entry, index) => ({
        Id: String(index),
        MessageBody: entry.body,
        MessageGroupId: entry.groupId,
        MessageDeduplicationId: entry.deduplicationId,
        MessageAttributes: entry.traceparent
          ? messageAttributes(entry.correlationId, entry.traceparent)
          : messageAttributes(entry.correlationId),
      })),
    }),
    { abortSignal },
  );
  return {
    accepted: (result.Successful ?? []).map((entry) => Number(entry.Id)),
    rejected: (result.Failed ?? []).map((entry) => ({
      index: Number(entry.Id),
      reason: `${entry.Code}: ${entry.Message ?? ''}`,
      code: entry.Code ?? '',
      senderFault: entry.SenderFault ?? false,
    })),
  };
}

/** Gives up waiting for a (shared, cached) promise when the signal fires, without cancelling it. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Sends messages in batches of ten, in the given order, each validated against the queue's contract and
 * carrying the current correlation id. Every message is validated before the first is sent (a message
 * that breaks the contract sends nothing). Throws at the first batch not wholly accepted, sending
 * nothing after it, so the caller can retry (at-least-once) and a FIFO group's order holds.
 */
export async function publish<S extends z.ZodType>(
  queue: QueueContract<S>,
  items: Outgoing<z.input<S>>[],
): Promise<void> {
  if (items.length === 0) return;
  const bodies = items.map((item) => JSON.stringify(queue.schema.parse(item.message)));
  const url = await queueUrl(queue.name);
  const attributes = correlationAttributes();
  for (let start = 0; start < items.length; start += 10) {
    const chunk = items.slice(start, start + 10);
    const result = await sqsClient().send(
      new SendMessageBatchCommand({
        QueueUrl: url,
        Entries: chunk.map((item, index) => ({
          Id: String(index),
          MessageBody: bodies[start + index],
          MessageAttributes: attributes,
          DelaySeconds: item.delaySeconds,
          MessageGroupId: item.groupId,
          MessageDeduplicationId: item.deduplicationId,
        })),
      }),
    );
    if (result.Failed?.length) {
      throw new PublishError(
        `${result.Failed.length} of ${chunk.length} messages to ${queue.name} were rejected: ${result.Failed[0]?.Code}`,
      );
    }
  }
}

/** One already-serialised message for a FIFO queue, with the correlation id it was written under. */
export interface FifoEntry {
  body: string;
  groupId: string;
  deduplicationId: string;
  correlationId: string | null;
}

/**
 * Sends up to ten messages to a FIFO queue in one SendMessageBatch, in the given order, each with its
 * own group, deduplication id and correlation id; says which SQS accepted (by index).
 */
export function sendFifoBatch(
  queueName: string,
  entries: FifoEntry[],
  abortSignal?: AbortSignal,
): Promise<BatchOutcome> {
  return sendEntries(queueName, entries, abortSignal);
}
