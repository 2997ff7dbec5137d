import { type Insertable, type Kysely, sql } from 'kysely';
import type { DB, Notifications } from '#platform/db/schema';
import type { NotificationMessage } from '../contract.js';

type NewNotification = Insertable<Notifications>;

const toRow = (message: NotificationMessage, correlationId?: string): NewNotification => ({
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

interface Pending {
  row: NewNotification;
  resolve: (inserted: boolean) => void;
  reject: (error: unknown) => void;
}

// Rows waiting for the next flush, per database handle. The consumer handles a batch's records
// concurrently, so they all arrive here within one turn of the event loop: one multi-row INSERT then
// stores the whole batch (one round trip and one commit instead of ten).
const queued = new WeakMap<Kysely<DB>, Pending[]>();

/**
 * Inserts the notification unless one with the same id exists. Returns whether a row was added.
 * Calls made in the same turn of the event loop share one `INSERT … ON CONFLICT DO NOTHING RETURNING
 * id`; if that statement fails, every row is inserted on its own, so one bad row fails only its caller.
 */
export function insertNotification(
  db: Kysely<DB>,
  message: NotificationMessage,
  correlationId?: string,
): Promise<boolean> {
  return new Promise((resolve, reject) => {
    let pending = queued.get(db);
    if (!pending) {
      pending = [];
      queued.set(db, pending);
      setImmediate(() => {
        queued.delete(db);
        void flush(db, pending ?? []);
      });
    }
    pending.push({ row: toRow(message, correlationId), resolve, reject });
  });
}

async function flush(db: Kysely<DB>, pending: Pending[]): Promise<void> {
  if (pending.length > 1) {
    try {
      const rows = await db
        .insertInto('notifications')
        .values(pending.map((entry) => entry.row))
        .onConflict((conflict) => conflict.column('id').doNothing())
        .returning('id')
        .execute();
      const added = new Set(rows.map((row) => row.id));
      // The same id twice in one batch: the first one added the row, the second is a duplicate.
      for (const entry of pending) entry.resolve(added.delete(entry.row.id as string));
      return;
    } catch {
      // fall through: each row on its own, each caller gets its own answer
    }
  }
  await Promise.all(
    pending.map(async (entry) => {
      try {
        const result = await db
          .insertInto('notifications')
          .values(entry.row)
          .onConflict((conflict) => conflict.column('id').doNothing())
          .executeTakeFirst();
        entry.resolve(Number(result.numInsertedOrUpdatedRows ?? 0) > 0);
      } catch (error) {
        entry.reject(error);
      }
    }),
  );
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
