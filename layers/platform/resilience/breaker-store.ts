import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type BreakerRecord, CLOSED } from './breaker-state.js';

/** Where a named breaker's record lives. `write` succeeds only if the stored version is still `expected`. */
export interface BreakerStore {
  read(name: string): Promise<BreakerRecord>;
  write(name: string, next: BreakerRecord, expectedVersion: number): Promise<boolean>;
}

const key = (name: string) => `breaker#${name}`;

/**
 * One item per breaker (`key` = `breaker#<name>`) in a DynamoDB table with a string hash key `key`
 * (the platform's cache table fits). Strongly consistent reads; conditional puts on `version`.
 */
export function dynamoBreakerStore(documents: DynamoDBDocumentClient, table: string): BreakerStore {
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

/**
 * The records of the named breakers in one BatchGetItem (≤ 100 names; the key is a hash key only, so a
 * prefix read would be a full-table scan). A breaker never written is closed.
 */
export async function readBreakerRecords(
  documents: DynamoDBDocumentClient,
  table: string,
  names: string[],
): Promise<{ name: string; record: BreakerRecord }[]> {
  const found = new Map<string, BreakerRecord>();
  let keys: Record<string, unknown>[] = names.map((name) => ({ key: key(name) }));
  for (let round = 0; keys.length > 0 && round < 5; round += 1) {
    const { Responses, UnprocessedKeys } = await documents.send(
      new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
    );
    for (const item of Responses?.[table] ?? []) {
      found.set(String(item.key).slice('breaker#'.length), item as unknown as BreakerRecord);
    }
    keys = UnprocessedKeys?.[table]?.Keys ?? [];
  }
  if (keys.length > 0) throw new Error(`breaker records unread: ${keys.length}`);
  return names.map((name) => {
    const item = found.get(name);
    return { name, record: item ? { ...CLOSED, state: item.state, failures: item.failures ?? 0 } : CLOSED };
  });
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
