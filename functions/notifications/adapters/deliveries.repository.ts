import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Channel } from '../contract.js';

type Db = Kysely<DB> | Transaction<DB>;
export type DeliveryStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface NewDelivery {
  channel: Channel;
  status: DeliveryStatus;
  lastError?: string;
}

/** A delivery's key: one per (notification, channel). */
export interface DeliveryKey {
  notificationId: string;
  channel: Channel;
}

export async function insertDeliveries(db: Db, notificationId: string, rows: NewDelivery[]): Promise<void> {
  await insertDeliveryRows(
    db,
    rows.map((row) => ({ ...row, notificationId })),
  );
}

/** The delivery rows of several notifications in one statement (existing ones are left alone). */
export async function insertDeliveryRows(db: Db, rows: (NewDelivery & DeliveryKey)[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('notification_deliveries')
    .values(
      rows.map((row) => ({
        notification_id: row.notificationId,
        channel: row.channel,
        status: row.status,
        last_error: row.lastError ?? null,
        sent_at: row.status === 'sent' ? sql<Date>`now()` : null,
      })),
    )
    .onConflict((conflict) => conflict.columns(['notification_id', 'channel']).doNothing())
    .execute();
}

const deliveryColumns = [
  'd.notification_id',
  'd.channel',
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
] as const;

/** The delivery and the notification it carries. */
export async function findDelivery(db: Db, notificationId: string, channel: Channel) {
  return db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select(deliveryColumns)
    .where('d.notification_id', '=', notificationId)
    .where('d.channel', '=', channel)
    .executeTakeFirst();
}

export type Delivery = NonNullable<Awaited<ReturnType<typeof findDelivery>>>;

const keyOf = (notificationId: string, channel: string) => `${channel}\u0000${notificationId}`;
export const deliveryKey = (key: DeliveryKey) => keyOf(key.notificationId, key.channel);

/** Several deliveries (and their notifications) in one query, by `deliveryKey`. */
export async function findDeliveries(db: Db, keys: DeliveryKey[]): Promise<Map<string, Delivery>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_deliveries as d')
    .innerJoin('notifications as n', 'n.id', 'd.notification_id')
    .select(deliveryColumns)
    .where((eb) =>
      eb(
        eb.refTuple('d.notification_id', 'd.channel'),
        'in',
        keys.map((key) => eb.tuple(key.notificationId, key.channel)),
      ),
    )
    .execute();
  return new Map(rows.map((row) => [keyOf(row.notification_id, row.channel), row]));
}

/**
 * Claims deliveries for sending in one conditional statement: `queued → sending` (or a `sending` left by
 * a crash older than `staleBefore`), one more attempt each, so two consumers holding the same message
 * never both send. Returns the `deliveryKey`s this caller claimed (the others were claimed by someone
 * else in the meantime, or are no longer due).
 */
export async function claimDeliveries(db: Db, keys: DeliveryKey[], staleBefore: Date): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db
    .updateTable('notification_deliveries')
    .set({
      status: 'sending',
      attempts: sql`attempts + 1`,
      sending_since: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where((eb) =>
      eb.and([
        eb(
          eb.refTuple('notification_id', 'channel'),
          'in',
          keys.map((key) => eb.tuple(key.notificationId, key.channel)),
        ),
        eb.or([
          eb('status', '=', 'queued'),
          eb.and([eb('status', '=', 'sending'), eb('sending_since', '<', staleBefore)]),
        ]),
      ]),
    )
    .returning(['notification_id', 'channel'])
    .execute();
  return new Set(rows.map((row) => keyOf(row.notification_id, row.channel)));
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

/** `settleDelivery` for several deliveries that end the same way, in one statement. */
export async function settleDeliveries(
  db: Db,
  keys: DeliveryKey[],
  from: DeliveryStatus[],
  to: DeliveryStatus,
  lastError: string,
): Promise<void> {
  if (keys.length === 0) return;
  await db
    .updateTable('notification_deliveries')
    .set({
      status: to,
      last_error: lastError.slice(0, 500),
      sent_at: to === 'sent' ? sql<Date>`now()` : undefined,
      sending_since: null,
      updated_at: sql<Date>`now()`,
    })
    .where((eb) =>
      eb(
        eb.refTuple('notification_id', 'channel'),
        'in',
        keys.map((key) => eb.tuple(key.notificationId, key.channel)),
      ),
    )
    .where('status', 'in', from)
    .execute();
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
