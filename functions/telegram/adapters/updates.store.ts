import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Each Telegram update_id is processed once: a conditional put of `telegram-update#<id>` in the
 * idempotency table claims it. A claim left `in_progress` by a crashed invocation expires after
 * `leaseSeconds`, so Telegram's redelivery gets processed; a failed attempt releases it at once.
 */
export interface UpdateLedger {
  claim(updateId: number): Promise<boolean>;
  complete(updateId: number): Promise<void>;
  release(updateId: number): Promise<void>;
}

export function dynamoUpdateLedger(
  documents: DynamoDBDocumentClient,
  table: string,
  options = { leaseSeconds: 60, keepSeconds: 86_400 },
): UpdateLedger {
  const id = (updateId: number) => `telegram-update#${updateId}`;
  const nowSeconds = () => Math.floor(Date.now() / 1000);
  return {
    async claim(updateId) {
      try {
        await documents.send(
          new PutCommand({
            TableName: table,
            Item: {
              id: id(updateId),
              status: 'in_progress',
              expiration: nowSeconds() + options.leaseSeconds,
            },
            // The local emulator never expires items: an expired claim is checked here, too.
            ConditionExpression: 'attribute_not_exists(id) OR (#s = :p AND expiration < :now)',
            ExpressionAttributeNames: { '#s': 'status' },
            ExpressionAttributeValues: { ':p': 'in_progress', ':now': nowSeconds() },
          }),
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        if ((error as { name?: string }).name === 'ConditionalCheckFailedException') return false;
        throw error;
      }
    },
    async complete(updateId) {
      await documents.send(
        new PutCommand({
          TableName: table,
          Item: { id: id(updateId), status: 'done', expiration: nowSeconds() + options.keepSeconds },
        }),
      );
    },
    async release(updateId) {
      await documents.send(new DeleteCommand({ TableName: table, Key: { id: id(updateId) } }));
    },
  };
}

/** A chat's conversation (the /book flow's answers so far): one item per chat in the cache table. */
export interface ConversationStore {
  get<T>(chatId: string): Promise<T | null>;
  set<T>(chatId: string, state: T): Promise<void>;
  clear(chatId: string): Promise<void>;
}

export function dynamoConversations(
  documents: DynamoDBDocumentClient,
  table: string,
  ttlSeconds = 3_600,
): ConversationStore {
  const key = (chatId: string) => `telegram-conversation#${chatId}`;
  return {
    async get<T>(chatId: string) {
      const { Item } = await documents.send(
        new GetCommand({ TableName: table, Key: { key: key(chatId) }, ConsistentRead: true }),
      );
      if (!Item || (Item.expiresAt as number) < Date.now() / 1000) return null;
      return JSON.parse(Item.state as string) as T;
    },
    async set(chatId, state) {
      await documents.send(
        new PutCommand({
          TableName: table,
          Item: {
            key: key(chatId),
            state: JSON.stringify(state),
            expiresAt: Math.floor(Date.now() / 1000) + ttlSeconds,
          },
        }),
      );
    },
    async clear(chatId) {
      await documents.send(new DeleteCommand({ TableName: table, Key: { key: key(chatId) } }));
    },
  };
}
