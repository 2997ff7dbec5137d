import type { AuthUser } from '#platform/auth/tokens';
import { UnknownCursorError } from '#platform/errors';
import { deliveriesOf } from './adapters/deliveries.repository.js';
import { findNotifications, type Position } from './adapters/notifications.repository.js';
import type { NotificationsDeps } from './deps.js';

const encodeCursor = (position: Position) =>
  Buffer.from(`${position.createdAtMicros}|${position.id}`).toString('base64url');

// At most 16 digits of microseconds (until the year 2286): a longer number would overflow PostgreSQL's
// bigint or timestamp range and turn a forged cursor into a 500.
function decodeCursor(cursor: string): Position {
  const [createdAtMicros, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (!/^\d{1,16}$/.test(createdAtMicros ?? '') || rest.length === 0) {
    throw new UnknownCursorError();
  }
  return { createdAtMicros: createdAtMicros!, id: rest.join('|') };
}

/** The caller's notifications, newest first, in pages linked by an opaque cursor. */
export async function listNotifications(
  { db }: NotificationsDeps,
  user: AuthUser,
  page: { limit: number; cursor?: string },
) {
  const rows = await findNotifications(
    db,
    user.id,
    page.limit + 1,
    page.cursor ? decodeCursor(page.cursor) : undefined,
  );
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  const deliveries = await deliveriesOf(
    db,
    items.map((row) => row.id),
  );
  return {
    items: items.map((row) => ({
      id: row.id,
      source: row.source,
      type: row.type,
      title: row.title,
      body: row.body,
      data: row.data,
      channels: row.channels,
      dueAt: row.due_at.toISOString(),
      createdAt: row.created_at.toISOString(),
      readAt: row.read_at?.toISOString() ?? null,
      deliveries: deliveries
        .filter((delivery) => delivery.notification_id === row.id)
        .map((delivery) => ({
          channel: delivery.channel,
          status: delivery.status as 'queued' | 'sending' | 'sent' | 'failed' | 'skipped',
          attempts: delivery.attempts,
          ...(delivery.last_error ? { lastError: delivery.last_error } : {}),
        })),
    })),
    nextCursor:
      rows.length > page.limit && last
        ? encodeCursor({ createdAtMicros: last.created_at_micros, id: last.id })
        : null,
  };
}
