import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';

/** One second's tally for one token: every request received, and how many of them were refused (429). */
export interface SecondCount {
  second: number;
  requests: number;
  rejected: number;
}

/** Port: the per-token, per-second counters shared by every instance of the simulator. */
export interface RequestCounter {
  /** Counts one request in the current second and returns how many that second has seen (this one included). */
  hit(tokenHash: string, second: number): Promise<number>;
  reject(tokenHash: string, second: number): Promise<void>;
  counts(tokenHash: string, fromSecond: number, toSecond: number): Promise<SecondCount[]>;
}

const key = (tokenHash: string, second: number) => `product-service:${tokenHash}:${second}`;
// Counters are only needed for a while; DynamoDB's TTL removes them (the emulator keeps them, harmlessly).
const KEEP_SECONDS = 3_600;

/** Counters in the rate-limit table: one atomic ADD per request, so all instances share one count. */
export function dynamoRequestCounter(): RequestCounter {
  const table = () => platformConfig().RATE_LIMIT_TABLE;
  const add = async (tokenHash: string, second: number, attribute: 'requests' | 'rejected') => {
    const result = await dynamoDocuments().send(
      new UpdateCommand({
        TableName: table(),
        Key: { key: key(tokenHash, second) },
        UpdateExpression: 'ADD #n :one SET #expire = :expire',
        ExpressionAttributeNames: { '#n': attribute, '#expire': 'expire' },
        ExpressionAttributeValues: { ':one': 1, ':expire': second + KEEP_SECONDS },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return Number(result.Attributes?.[attribute] ?? 0);
  };
  return {
    hit: (tokenHash, second) => add(tokenHash, second, 'requests'),
    reject: async (tokenHash, second) => {
      await add(tokenHash, second, 'rejected');
    },
    async counts(tokenHash, fromSecond, toSecond) {
      const seconds = Array.from({ length: toSecond - fromSecond + 1 }, (_, i) => fromSecond + i);
      const items = await Promise.all(
        seconds.map((second) =>
          dynamoDocuments().send(
            new GetCommand({ TableName: table(), Key: { key: key(tokenHash, second) } }),
          ),
        ),
      );
      return items.flatMap(({ Item }, i) =>
        Item
          ? [
              {
                second: seconds[i]!,
                requests: Number(Item.requests ?? 0),
                rejected: Number(Item.rejected ?? 0),
              },
            ]
          : [],
      );
    },
  };
}
