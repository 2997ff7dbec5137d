import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocuments } from '#platform/aws/clients';
import { log } from '#platform/observability';

/** A read-through cache of computed schedules; a failing cache is a miss, never a failed request. */
export interface ScheduleCache {
  get(key: string): Promise<unknown | undefined>;
  put(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}

/**
 * The shared DynamoDB cache table (key → JSON value, `expiresAt` in epoch seconds). DynamoDB's TTL
 * deletes lazily and the local emulator never does, so expiry is also checked on read.
 */
export function dynamoScheduleCache(tableName: string): ScheduleCache {
  return {
    async get(key) {
      try {
        const { Item } = await dynamoDocuments().send(new GetCommand({ TableName: tableName, Key: { key } }));
        if (!Item || Number(Item.expiresAt) * 1000 <= Date.now()) return undefined;
        return JSON.parse(String(Item.value));
      } catch (error) {
        log().warn('schedule cache read failed; computing', { error: error as Error });
        return undefined;
      }
    },
    async put(key, value, ttlSeconds) {
      try {
        await dynamoDocuments().send(
          new PutCommand({
            TableName: tableName,
            Item: {
              key,
              value: JSON.stringify(value),
              expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
            },
          }),
        );
      } catch (error) {
        log().warn('schedule cache write failed', { error: error as Error });
      }
    },
  };
}
