import { createHash, timingSafeEqual } from 'node:crypto';
import { MerchantUnauthenticatedError } from './errors.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Checks `Authorization: Bearer <key>` against the merchant API key in constant time (both sides hashed
 * first, so neither the content nor the length of the key leaks through timing).
 */
export function assertMerchantKey(authorization: string | undefined, expected: string): void {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const presented = match?.[1] ?? '';
  const same = timingSafeEqual(digest(presented), digest(expected));
  if (!match || !same) throw new MerchantUnauthenticatedError();
}
