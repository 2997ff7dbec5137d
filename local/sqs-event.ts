import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

/** Lambda's shape of a message attribute: the list fields are always present (and always empty). */
function lambdaAttributes(
  attributes: Record<string, MessageAttributeValue> | undefined,
): SQSMessageAttributes {
  return Object.fromEntries(
    Object.entries(attributes ?? {}).map(([name, value]) => [
      name,
      {
        dataType: value.DataType ?? 'String',
        ...(value.StringValue !== undefined && { stringValue: value.StringValue }),
        ...(value.BinaryValue !== undefined && {
          binaryValue: Buffer.from(value.BinaryValue).toString('base64'),
        }),
        stringListValues: [],
        binaryListValues: [],
      },
    ]),
  );
}

/** Builds the event AWS Lambda's SQS event source mapping would deliver for these messages. */
export function sqsEvent(messages: Message[], queueArn: string, region: string): SQSEvent {
  const Records: SQSRecord[] = messages.map((message) => ({
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: message.Attributes as unknown as SQSRecordAttributes,
    messageAttributes: lambdaAttributes(message.MessageAttributes),
    md5OfBody: message.MD5OfBody ?? '',
    ...(message.MD5OfMessageAttributes && { md5OfMessageAttributes: message.MD5OfMessageAttributes }),
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: region,
  }));
  return { Records };
}

/**
 * Which messages to delete after an invocation, following Lambda's rules for ReportBatchItemFailures:
 * an empty/null response or an empty/null list means all succeeded; a malformed response, or an
 * itemIdentifier that is empty or not in the batch, fails the whole batch.
 * Returns undefined when the whole batch failed.
 */
export function succeededMessageIds(payload: unknown, messageIds: string[]): string[] | undefined {
  if (payload === undefined || payload === null || payload === '') return messageIds;
  if (typeof payload !== 'object' || Array.isArray(payload)) return undefined;
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return messageIds;
  if (!Array.isArray(failures)) return undefined;
  const failed = new Set<string>();
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    if (typeof id !== 'string' || !messageIds.includes(id)) return undefined;
    failed.add(id);
  }
  return messageIds.filter((id) => !failed.has(id));
}
