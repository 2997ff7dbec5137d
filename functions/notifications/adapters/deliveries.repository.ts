import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Channel } from '../contract.js';

type Db = Kysely<DB> | Transaction<DB>;
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

export async function insertDeliveries(
  db: Db,
  notificationId: string,
  rows: { channel: Channel; status: DeliveryStatus; lastError?: string }[],
): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notification_deliveries')
    .values(
      rows.map((row) => ({
        notification_id: notificationId,
        channel: row.channel,
        status: row.status,
        last_error: row.lastError ?? null,
        sent_at: row.status === 'sent' ? sql<Date>`now()` : null,
      })),
    )
    .onConflict((conflict) => conflict.columns(['notification_id', 'channel']).doNothing())
    .execute();
}

/** The delivery and the notification it carries. */
export async function findDelivery(db: Db, notificationId: string, channel: Channel) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select([
      'd.status',
      'd.attempts',
      'd.sending_since',
      'd.created_at',
      'd.last_error',
      'n.recipient_id',
      'n.type',
      'n.title',
      'n.body',
      'n.data',
    ])
    .where('d.notification_id', '=', notificationId)
    .where('d.channel', '=', channel)
    .executeTakeFirst();
}

/**
 * Claims the delivery for one send: `queued → sending` (or a `sending` left by a crash older than
 * `staleBefore`), conditional, so two consumers holding the same message never both send.
 */
export async function claimDelivery(
  db: Db,
  notificationId: string,
  channel: Channel,
  staleBefore: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      sending_since: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'queued'),
        eb.and([eb('status', '=', 'sending'), eb('sending_since', '<', staleBefore)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Moves a delivery on from `from` (sending, or queued when it is given up unsent). */
export async function settleDelivery(
  db: Db,
  notificationId: string,
  channel: Channel,
  from: DeliveryStatus[],
  to: DeliveryStatus,
  lastError?: string,
): Promise<boolean> {
  const result = await db
    .updateTable('notification_deliveries')
    .set({
      status: to,
      last_error: lastError === undefined ? undefined : lastError.slice(0, 500),
      sent_at: to === 'sent' ? sql<Date>`now()` : undefined,
      sending_since: null,
      updated_at: sql<Date>`now()`,
    })
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Notes why a queued delivery waits (breaker open, quiet hours) without counting an attempt. */
export async function noteWaiting(db: Db, notificationId: string, channel: Channel, reason: string) {
  await db
    .updateTable('notification_deliveries')
    .set({ last_error: reason.slice(0, 500), updated_at: sql<Date>`now()` })
    .where('notification_id', '=', notificationId)
    .where('channel', '=', channel)
    .where('status', '=', 'queued')
    .execute();
}

export async function deliveriesOf(db: Db, notificationIds: string[]) {
  if (notificationIds.length === 0) return [];
  return db
    .selectFrom('notification_deliveries')
    .select(['notification_id', 'channel', 'status', 'attempts', 'last_error'])
    .where('notification_id', 'in', notificationIds)
    .orderBy('channel')
    .execute();
}
