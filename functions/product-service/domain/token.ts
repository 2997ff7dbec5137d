import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Compares a presented token with the expected one in constant time: both are hashed first, so neither
 * the content nor the length of the secret leaks through how long the comparison takes.
 */
export function tokenMatches(presented: string | undefined, expected: string): boolean {
  return timingSafeEqual(digest(presented ?? ''), digest(expected)) && presented !== undefined;
}

/** A short, non-reversible name for a token: the key of its rate-limit counters and fault knobs. */
export const tokenId = (token: string) => digest(token).toString('hex').slice(0, 16);
