import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type BreakerRecord, CLOSED } from './breaker-state.js';

/** Where a named breaker's record lives. `write` succeeds only if the stored version is still `expected`. */
export interface BreakerStore {
  read(name: string): Promise<BreakerRecord>;
  write(name: string, next: BreakerRecord, expectedVersion: number): Promise<boolean>;
}

/**
 * One item per breaker (`key` = `breaker#<name>`) in a DynamoDB table with a string hash key `key`
 * (the platform's cache table fits). Strongly consistent reads; conditional puts on `version`.
 */
export function dynamoBreakerStore(documents: DynamoDBDocumentClient, table: string): BreakerStore {
  const key = (name: string) => `breaker#${name}`;
  return {
    async read(name) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: table, Key: { key: key(name) }, ConsistentRead: true }),
      );
      if (!Item) return CLOSED;
      return {
        state: Item.state,
        failures: Item.failures,
        openUntil: Item.openUntil,
        probeUntil: Item.probeUntil,
        version: Item.version,
      };
    },
    async write(name, next, expectedVersion) {
      try {
        await documents.send(
          new PutCommand({
            TableName: table,
            Item: { key: key(name), ...next },
            ConditionExpression: expectedVersion === 0 ? 'attribute_not_exists(#v) OR #v = :v' : '#v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': expectedVersion },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
  };
}

/** In-memory store with the same conditional semantics, for unit tests and single-process tools. */
export function memoryBreakerStore(): BreakerStore & { records: Map<string, BreakerRecord> } {
  const records = new Map<string, BreakerRecord>();
  return {
    records,
    async read(name) {
      return records.get(name) ?? CLOSED;
    },
    async write(name, next, expectedVersion) {
      if ((records.get(name)?.version ?? 0) !== expectedVersion) return false;
      records.set(name, next);
      return true;
    },
  };
}
