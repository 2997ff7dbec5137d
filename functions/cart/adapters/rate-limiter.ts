import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';

/** Port: waits for the caller's turn to send one request, or refuses if that turn comes after `deadline`. */
export interface RateLimiter {
  /** Resolves when the request may be sent; rejects with NoSlotBeforeDeadlineError without taking a slot. */
  acquire(deadline: number): Promise<void>;
}

export class NoSlotBeforeDeadlineError extends Error {
  override name = 'NoSlotBeforeDeadlineError';
  constructor(readonly waitMs: number) {
    super(`the next free slot is ${waitMs} ms away, after this call's deadline`);
  }
}

/**
 * Where the limiter keeps the time of the next free slot (epoch ms), shared by every caller that uses
 * the same key. `swap` is a compare-and-set: it writes `next` only if the stored value is still `expected`.
 */
export interface SlotStore {
  read(): Promise<number | undefined>;
  swap(expected: number | undefined, next: number): Promise<boolean>;
}

/**
 * A shared rate limiter in the GCRA style (generic cell rate algorithm, burst 1): every request
 * reserves the next free send slot, slots are `intervalMs` apart, and the reservation is a
 * compare-and-set on one shared record, so concurrent callers in any number of containers get distinct
 * slots. The caller then sleeps until its slot: a request waits its turn instead of failing, unless
 * that turn is after its deadline (then nothing is reserved and it fails at once).
 */
export function slotRateLimiter(
  store: SlotStore,
  options: {
    intervalMs: number;
    now?: () => number;
    sleep?: (ms: number) => Promise<void>;
    /** Compare-and-set attempts before giving up under extreme contention. */
    maxSwaps?: number;
  },
): RateLimiter {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  const maxSwaps = options.maxSwaps ?? 50;
  return {
    async acquire(deadline) {
      for (let attempt = 0; attempt < maxSwaps; attempt += 1) {
        const stored = await store.read();
        const slot = Math.max(now(), stored ?? 0);
        if (slot > deadline) throw new NoSlotBeforeDeadlineError(slot - now());
        if (await store.swap(stored, slot + options.intervalMs)) {
          const wait = slot - now();
          if (wait > 0) await sleep(wait);
          return;
        }
      }
      throw new NoSlotBeforeDeadlineError(0);
    },
  };
}

/** The slot record in DynamoDB (the rate-limit table): consistent reads and conditional writes. */
export function dynamoSlotStore(key: string): SlotStore {
  const table = () => platformConfig().RATE_LIMIT_TABLE;
  return {
    async read() {
      const { Item } = await dynamoDocuments().send(
        new GetCommand({ TableName: table(), Key: { key }, ConsistentRead: true }),
      );
      return Item?.next === undefined ? undefined : Number(Item.next);
    },
    async swap(expected, next) {
      try {
        await dynamoDocuments().send(
          new UpdateCommand({
            TableName: table(),
            Key: { key },
            UpdateExpression: 'SET #next = :next, #expire = :expire',
            ConditionExpression: expected === undefined ? 'attribute_not_exists(#next)' : '#next = :expected',
            ExpressionAttributeNames: { '#next': 'next', '#expire': 'expire' },
            ExpressionAttributeValues: {
              ':next': next,
              // The record only matters while slots are in the future; DynamoDB's TTL removes it later.
              ':expire': Math.ceil(next / 1000) + 3_600,
              ...(expected === undefined ? {} : { ':expected': expected }),
            },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
  };
}

/** The same record in memory (unit tests; one process only). */
export function memorySlotStore(): SlotStore {
  let value: number | undefined;
  return {
    read: async () => value,
    swap: async (expected, next) => {
      if (value !== expected) return false;
      value = next;
      return true;
    },
  };
}
