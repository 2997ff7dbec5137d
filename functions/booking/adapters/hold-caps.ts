import { sql, type Transaction } from 'kysely';
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

/**
 * Counts hold `bookingId` (already inserted in `trx`) against `cap`: records the stripe it takes and
 * returns true, or false when every stripe is full (nothing is recorded; the caller rolls back).
 */
export async function takeCapStripe(
  trx: Transaction<DB>,
  bookingId: string,
  cap: HoldCap,
  now: Date,
  first = Math.floor(Math.random() * stripeCount(cap.limit)),
): Promise<boolean> {
  const stripes = stripeCount(cap.limit);
  const lockKey = cap.kind === 'network' ? `booking-network:${cap.network}` : `booking-hotel:${cap.hotelId}`;
  const savepoint = sql.raw(cap.kind === 'network' ? 'network_cap' : 'hotel_cap');
  const column = sql.ref(cap.kind === 'network' ? 'network_cap_stripe' : 'hotel_cap_stripe');
  const scope =
    cap.kind === 'network' ? sql`client_network = ${cap.network}` : sql`hotel_id = ${cap.hotelId}`;
  for (let attempt = 0; attempt < stripes; attempt++) {
    const stripe = (first + attempt) % stripes;
    const share = stripeShare(cap.limit, stripe);
    await sql`savepoint ${savepoint}`.execute(trx);
    await sql`select pg_advisory_xact_lock(hashtext(${lockKey}), ${stripe})`.execute(trx);
    // A statement of its own after the lock, so its snapshot sees every hold committed in this stripe.
    const taken = await sql<{ id: string }>`
      update bookings set ${column} = ${stripe}
       where id = ${bookingId}
         and (select count(*) from (
               select 1 from bookings
                where ${scope} and ${column} = ${stripe}
                  and status = 'pending_payment' and expires_at > ${now}
                limit ${share}) as held) < ${share}
      returning id`.execute(trx);
    if (taken.rows.length > 0) return true;
    await sql`rollback to savepoint ${savepoint}`.execute(trx);
  }
  return false;
}
