import { createHash, randomBytes } from 'node:crypto';
import type { AuthUser } from '../../layers/platform/auth/tokens.js';
import { NotFoundError } from '../../layers/platform/errors.js';
import { findEventsOfOwner } from './adapters/events.repository.js';
import { findUserByFeedTokenHash, saveFeedTokenHash } from './adapters/feed-tokens.repository.js';
import type { CalendarDeps } from './create-event.js';
import { buildCalendar } from './domain/ics.js';

/** The feed carries at most this many events (oldest are dropped by the retention cleanup anyway). */
const FEED_LIMIT = 5000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export class FeedNotFoundError extends NotFoundError {
  constructor() {
    super('CALENDAR.FEED_NOT_FOUND', 'No calendar feed for this token.');
  }
}

/** Issues a new feed token (the previous one stops working). Only its hash is stored: show it once. */
export async function rotateFeedToken(
  { db, now = () => new Date() }: CalendarDeps,
  caller: AuthUser,
  baseUrl: string,
) {
  const token = randomBytes(32).toString('base64url');
  const createdAt = now();
  await saveFeedTokenHash(db, caller.id, hashToken(token), createdAt);
  const url = new URL('/calendar.ics', baseUrl);
  url.searchParams.set('token', token);
  return { token, url: url.toString(), createdAt: createdAt.toISOString() };
}

/** The RFC 5545 feed of the token owner's events. A wrong token is a 404. */
export async function renderFeed(
  { db, now = () => new Date() }: CalendarDeps,
  token: string,
  baseUrl: string,
): Promise<string> {
  const owner = await findUserByFeedTokenHash(db, hashToken(token));
  if (!owner) throw new FeedNotFoundError();
  const events = await findEventsOfOwner(db, owner.id, FEED_LIMIT);
  return buildCalendar(events, {
    name: `${owner.name} (syncore)`,
    now: now(),
    domain: new URL(baseUrl).hostname,
  });
}
