import { type RawBuilder, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

/**
 * The anti-hoarding caps on holds awaiting payment (per client network, per hotel), counted in stripes.
 *
 * One lock per hotel made every hold in the hotel wait for the count and the commit of the one before
 * (issue 14: holds of one room type serialised on it although their nights never met). Instead a cap of
 * N is split into up to 8 stripes whose shares add up to N exactly, each counted under its own advisory
 * lock, and a hold counts in the first stripe with room, starting from a random one: concurrent holds
 * mostly take different stripes and commit side by side. Exactness is per stripe (its count and the
 * commit run under its lock), so the cap as a whole can never be exceeded; a hold is refused only when
 * every stripe was full when it looked.
 *
 * Each attempt runs in a savepoint: a full stripe's lock is let go (ROLLBACK TO SAVEPOINT releases
 * advisory locks taken after it) before the next one is taken, so a transaction holds at most one stripe
 * lock of a cap and waits for one only while holding none of that cap's; these are the last locks a hold
 * takes (after the client's and the nights'), network before hotel, so no lock cycle can form.
 *
 * takeCapStripes counts a hold against all its caps at once in the usual case, where each cap's first
 * stripe has room: one savepoint, every first stripe's lock in one statement (in the caps' order), one
 * update that counts them all — three round trips instead of three per cap. Should any of them be full,
 * it rolls back to its savepoint (letting all those locks go) and counts cap by cap as above.
 */
export const MAX_CAP_STRIPES = 8;

export type HoldCap =
  | { kind: 'network'; network: string; limit: number }
  | { kind: 'hotel'; hotelId: string; limit: number };

/** How many stripes a cap of `limit` is counted in (never more than the cap itself). */
export const stripeCount = (limit: number): number => Math.max(1, Math.min(MAX_CAP_STRIPES, limit));

/** The share of the cap that `stripe` may hold: the shares of all stripes add up to `limit`. */
export function stripeShare(limit: number, stripe: number): number {
  const stripes = stripeCount(limit);
  return Math.floor(limit / stripes) + (stripe < limit % stripes ? 1 : 0);
}

interface CapSql {
  lockKey: string;
  column: RawBuilder<unknown>;
  scope: RawBuilder<unknown>;
}

const capSql = (cap: HoldCap): CapSql =>
  cap.kind === 'network'
    ? {
        lockKey: `booking-network:${cap.network}`,
        column: sql.ref('network_cap_stripe'),
        scope: sql`client_network = ${cap.network}`,
      }
    : {
        lockKey: `booking-hotel:${cap.hotelId}`,
        column: sql.ref('hotel_cap_stripe'),
        scope: sql`hotel_id = ${cap.hotelId}`,
      };

/** "Fewer than `share` holds awaiting payment count in this stripe" (evaluated in the update's snapshot). */
const stripeHasRoom = ({ column, scope }: CapSql, stripe: number, share: number, now: Date) =>
  sql`(select count(*) from (
         select 1 from bookings
          where ${scope} and ${column} = ${stripe}
            and status = 'pending_payment' and expires_at > ${now}
          limit ${share}) as held) < ${share}`;

const randomStripe = (cap: HoldCap) => Math.floor(Math.random() * stripeCount(cap.limit));

/**
 * Counts hold `bookingId` (already inserted in `trx`) against every cap in `caps`, in their order
 * (network before hotel). Returns the first cap that is full in every stripe (nothing of it is recorded;
 * the caller rolls back), or undefined when the hold counts in a stripe of each.
 */
export async function takeCapStripes(
  trx: Transaction<DB>,
  bookingId: string,
  caps: HoldCap[],
  now: Date,
  first: number[] = caps.map(randomStripe),
): Promise<HoldCap | undefined> {
  if (caps.length === 0) return undefined;
  const tries = caps.map((cap, i) => ({
    cap,
    parts: capSql(cap),
    stripe: first[i]! % stripeCount(cap.limit),
  }));
  await sql`savepoint hold_caps`.execute(trx);
  await sql`${sql.join(
    tries.map((t) => sql`select pg_advisory_xact_lock(hashtext(${t.parts.lockKey}), ${t.stripe})`),
    sql` union all `,
  )}`.execute(trx);
  // A statement of its own after the locks, so its snapshot sees every hold committed in these stripes.
  const taken = await sql<{ id: string }>`
    update bookings set ${sql.join(tries.map((t) => sql`${t.parts.column} = ${t.stripe}`))}
     where id = ${bookingId}
       and ${sql.join(
         tries.map((t) => stripeHasRoom(t.parts, t.stripe, stripeShare(t.cap.limit, t.stripe), now)),
         sql` and `,
       )}
    returning id`.execute(trx);
  if (taken.rows.length > 0) return undefined;
  await sql`rollback to savepoint hold_caps`.execute(trx);
  for (const [i, cap] of caps.entries())
    if (!(await takeCapStripe(trx, bookingId, cap, now, first[i]))) return cap;
  return undefined;
}

/**
 * Counts hold `bookingId` (already inserted in `trx`) against `cap`: records the stripe it takes and
 * returns true, or false when every stripe is full (nothing is recorded; the caller rolls back).
 */
async function takeCapStripe(
  trx: Transaction<DB>,
  bookingId: string,
  cap: HoldCap,
  now: Date,
  first = randomStripe(cap),
): Promise<boolean> {
  const stripes = stripeCount(cap.limit);
  const savepoint = sql.raw(cap.kind === 'network' ? 'network_cap' : 'hotel_cap');
  const capped = capSql(cap);
  for (let attempt = 0; attempt < stripes; attempt++) {
    const stripe = (first + attempt) % stripes;
    await sql`savepoint ${savepoint}`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtext(${capped.lockKey}), ${stripe})`.execute(trx);
    // A statement of its own after the lock, so its snapshot sees every hold committed in this stripe.
    const taken = await sql<{ id: string }>`
      update bookings set ${capped.column} = ${stripe}
       where id = ${bookingId} and ${stripeHasRoom(capped, stripe, stripeShare(cap.limit, stripe), now)}
      returning id`.execute(trx);
    if (taken.rows.length > 0) return true;
    await sql`rollback to savepoint ${savepoint}`.execute(trx);
  }
  return false;
}
