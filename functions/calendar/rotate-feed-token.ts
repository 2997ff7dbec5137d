import type { AuthUser } from '#platform/auth/tokens';
import { saveFeedTokenHash } from './adapters/feed-tokens.repository.js';
import type { CalendarDeps } from './deps.js';
import { hashFeedToken, newFeedToken } from './domain/feed-token.js';

/** Issues a new feed token (the previous one stops working). Only its hash is stored: show it once. */
export async function rotateFeedToken(
  { db, now = () => new Date() }: CalendarDeps,
  caller: AuthUser,
  baseUrl: string,
) {
  const token = newFeedToken();
  const createdAt = now();
  await saveFeedTokenHash(db, caller.id, hashFeedToken(token), createdAt);
  const url = new URL('/calendar.ics', baseUrl);
  url.searchParams.set('token', token);
  return { token, url: url.toString(), createdAt: createdAt.toISOString() };
}
