import {
  BatchProcessor,
  EventType,
  processPartialResponse,
  SqsFifoPartialProcessorAsync,
} from '@aws-lambda-powertools/batch';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import type { z } from 'zod';
import { log, powertoolsMiddlewares, runInInvocation, sanitizeCorrelationId } from '../observability.js';
import { CORRELATION_ATTRIBUTE, type QueueContract } from './queues.js';

export class PoisonMessageError extends Error {
  override name = 'PoisonMessageError';
}

export interface ConsumerOptions<S extends z.ZodType> {
  queue: QueueContract<S>;
  /** Must be idempotent: SQS delivers at least once. Throw to have the record retried (then DLQ). */
  handle: (message: z.infer<S>, record: SQSRecord) => Promise<void>;
  /**
   * SQS FIFO queues: records are handled one after another, and once a record fails every later record
   * of its message group in the batch is failed without being handled (as Lambda does for FIFO), so a
   * group is never processed out of order; other groups go on.
   */
  fifo?: boolean;
}

/**
 * Builds an SQS consumer: every record is parsed against the queue's contract and handled on its own;
 * failures are reported as partial batch failures so only they come back (and reach the DLQ after
 * maxReceiveCount) while the rest of the batch is deleted.
 */
export function sqsHandler<S extends z.ZodType>(options: ConsumerOptions<S>) {
  const handleRecord = (record: SQSRecord) => {
    const correlationId = sanitizeCorrelationId(
      record.messageAttributes?.[CORRELATION_ATTRIBUTE]?.stringValue ?? record.messageId,
    );
    return runInInvocation(correlationId, async () => {
      try {
        const message = parseRecord(options.queue, record);
        await options.handle(message, record);
      } catch (error) {
        // Powertools' FullBatchFailureError does not print the record errors: log each one here.
        log().error('message failed', {
          queue: options.queue.name,
          messageId: record.messageId,
          receiveCount: record.attributes?.ApproximateReceiveCount,
          error: error as Error,
        });
        throw error;
      }
    });
  };

  const core = (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
    // A processor per invocation: it holds the batch's state, and serverless-offline --useInProcess runs
    // concurrent invocations in one module instance (a shared one would mix their failures).
    // The invocation's Lambda context, inherited by every record's own correlation id and logger.
    runInInvocation(
      sanitizeCorrelationId(context?.awsRequestId),
      () =>
        options.fifo
          ? processPartialResponse(event, handleRecord, new SqsFifoPartialProcessorAsync(), {
              context,
              skipGroupOnError: true,
              throwOnFullBatchFailure: false,
            })
          : processPartialResponse(event, handleRecord, new BatchProcessor(EventType.SQS), {
              context,
              throwOnFullBatchFailure: false,
            }),
      context,
    );

  return middy(core).use(powertoolsMiddlewares()) as unknown as (
    event: SQSEvent,
    context: Context,
  ) => Promise<SQSBatchResponse>;
}

function parseRecord<S extends z.ZodType>(queue: QueueContract<S>, record: SQSRecord): z.infer<S> {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    throw new PoisonMessageError(`message ${record.messageId} on ${queue.name} is not JSON`);
  }
  const parsed = queue.schema.safeParse(body);
  if (!parsed.success) {
    throw new PoisonMessageError(
      `message ${record.messageId} on ${queue.name} breaks the contract: ${parsed.error.message}`,
    );
  }
  return parsed.data;
}
