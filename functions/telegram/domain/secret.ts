import { createHash, timingSafeEqual } from 'node:crypto';

/** Constant-time comparison (of digests, so neither the length nor the content leaks through timing). */
export function secretMatches(received: string | undefined, expected: string): boolean {
  if (received === undefined) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(received), digest(expected));
}
