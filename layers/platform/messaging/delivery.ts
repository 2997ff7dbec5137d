/**
 * What a failed send to SQS means for the outbox. Only a failure that will repeat identically (the queue
 * does not exist, the body is invalid or too large) counts towards setting a message aside; anything else
 * (connection refused, timeouts, throttling, 5xx, expired credentials) is an outage: the message waits,
 * however long it takes.
 */
const PERMANENT_CODES = new Set([
  'QueueDoesNotExist',
  'AWS.SimpleQueueService.NonExistentQueue',
  'InvalidMessageContents',
  'InvalidParameterValue',
  'InvalidParameterValueException',
  'MessageTooLong',
  'BatchRequestTooLong',
  'BatchEntryIdsNotDistinct',
  'TooManyEntriesInBatchRequest',
  'InvalidBatchEntryId',
  'EmptyBatchRequest',
  'InvalidAttributeName',
  'InvalidAttributeValue',
  'UnsupportedOperation',
]);

export type FailureKind = 'permanent' | 'transient';

/** A thrown SDK error (whole request): permanent only for the codes above. */
export function classifyError(error: unknown): FailureKind {
  const { name, Code, code } = (error ?? {}) as { name?: string; Code?: string; code?: string };
  return [name, Code, code].some((value) => value !== undefined && PERMANENT_CODES.has(value))
    ? 'permanent'
    : 'transient';
}

/** A per-entry failure of SendMessageBatch: permanent when SQS blames the sender and it is not throttling. */
export function classifyEntry(entry: { code: string; senderFault: boolean }): FailureKind {
  if (PERMANENT_CODES.has(entry.code)) return 'permanent';
  return entry.senderFault && !/throttl|limit/i.test(entry.code) ? 'permanent' : 'transient';
}

/**
 * Backoff for the relays on the request path while SQS is unreachable: after a transport failure they
 * skip sending (the rows wait for the cron) for 1 s, 2 s, 4 s … up to a minute. The cron itself always
 * tries: it is the scheduled retry, once a minute, for as long as the outage lasts.
 */
const MAX_BACKOFF_MS = 60_000;
let failures = 0;
let blockedUntil = 0;

export const sqsBackoff = {
  recordFailure(now = Date.now()): number {
    failures += 1;
    const delay = Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.min(failures - 1, 16));
    // Full jitter on the upper half, so many containers do not come back in step.
    blockedUntil = now + delay / 2 + Math.random() * (delay / 2);
    return failures;
  },
  recordSuccess(): void {
    failures = 0;
    blockedUntil = 0;
  },
  isBlocked(now = Date.now()): boolean {
    return now < blockedUntil;
  },
  /** Consecutive transport failures in this container (0 = SQS answered last time). */
  failures(): number {
    return failures;
  },
};
