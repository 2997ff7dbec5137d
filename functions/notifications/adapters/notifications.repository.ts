import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { NotificationMessage } from '../contract.js';

const toRow = (message: NotificationMessage, correlationId?: string) => ({
  id: message.notificationId,
  recipient_id: message.recipientId,
  source: message.source,
  type: message.type,
  title: message.title,
  body: message.body ?? null,
  data: JSON.stringify(message.data),
  channels: message.channels,
  due_at: message.dueAt,
  correlation_id: correlationId ?? null,
});

/** Inserts the notification unless one with the same id exists. Returns whether a row was added. */
export async function insertNotification(
  db: Kysely<DB> | Transaction<DB>,
  message: NotificationMessage,
  correlationId?: string,
): Promise<boolean> {
  const result = await db
    .insertInto('notifications')
    .values(toRow(message, correlationId))
    .onConflict((conflict) => conflict.column('id').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/**
 * Inserts the batch's notifications in one statement, skipping ids that exist (or repeat in the batch).
 * Returns the ids that were added.
 */
export async function insertNotifications(
  db: Kysely<DB> | Transaction<DB>,
  entries: { message: NotificationMessage; correlationId?: string }[],
): Promise<Set<string>> {
  if (entries.length === 0) return new Set();
  const rows = await db
    .insertInto('notifications')
    .values(entries.map(({ message, correlationId }) => toRow(message, correlationId)))
    .onConflict((conflict) => conflict.column('id').doNothing())
    .returning('id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Where a page ends: `created_at` in epoch microseconds (a JS Date would drop the last three digits). */
export interface Position {
  createdAtMicros: string;
  id: string;
}

export async function findNotifications(
  db: Kysely<DB>,
  recipientId: string,
  limit: number,
  after?: Position,
) {
  let query = db
    .selectFrom('notifications')
    .select(['id', 'source', 'type', 'title', 'body', 'data', 'channels', 'due_at', 'created_at', 'read_at'])
    .select(sql<string>`(extract(epoch from created_at) * 1000000)::bigint::text`.as('created_at_micros'))
    .where('recipient_id', '=', recipientId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit);
  if (after) {
    const createdAt = sql`timestamptz 'epoch' + ${after.createdAtMicros}::bigint * interval '1 microsecond'`;
    query = query.where(sql<boolean>`(created_at, id) < (${createdAt}, ${after.id})`);
  }
  return query.execute();
}

/** Deletes up to `batchSize` notifications created before `cutoff`; returns how many went. */
export async function deleteNotificationsBefore(
  db: Kysely<DB>,
  cutoff: Date,
  batchSize: number,
): Promise<number> {
  const result = await db
    .deleteFrom('notifications')
    .where('id', 'in', (sub) =>
      sub.selectFrom('notifications').select('id').where('created_at', '<', cutoff).limit(batchSize),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
