import type { AuthUser } from '#platform/auth/tokens';
import { insertRate } from './adapters/catalogue.repository.js';
import type { BookingDbDeps } from './deps.js';
import { ownRoomType } from './ownership.js';
import type { PutRateInput } from './schemas.js';

/** Sets the nightly price for the nights [from, to); it overrides the base price and older overrides. */
export async function putRate(
  { db }: BookingDbDeps,
  user: AuthUser,
  roomTypeId: string,
  input: PutRateInput,
) {
  const roomType = await ownRoomType(db, user, roomTypeId);
  const rate = await insertRate(db, roomTypeId, input);
  return { ...rate, price: { amount: rate.price, currency: roomType.currency } };
}
