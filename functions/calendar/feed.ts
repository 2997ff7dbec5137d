import { createHash, randomBytes } from 'node:crypto';
import type { AuthUser } from '#platform/auth/tokens';
import { NotFoundError } from '#platform/errors';
import { findFeedEvents } from './adapters/events.repository.js';
import { findUserByFeedTokenHash, saveFeedTokenHash } from './adapters/feed-tokens.repository.js';
import type { CalendarDeps } from './create-event.js';
import { buildCalendar, MAX_FEED_BYTES } from './domain/ics.js';
import type { FeedMeetingSource } from './feed-meetings.js';

/**
 * The feed's limits: events whose occurrences reach back at most a year, at most 5,000 of them, at
 * most MAX_FEED_BYTES; the most relevant (running now, then nearest to now) are kept.
 */
export const FEED_LIMITS = { pastDays: 365, events: 5000, bytes: MAX_FEED_BYTES };

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

/** The RFC 5545 feed of the token owner's events (and meetings, given `meetings`). A wrong token is a 404. */
export async function renderFeed(
  { db, now = () => new Date(), meetings }: CalendarDeps & { meetings?: FeedMeetingSource },
  token: string,
  baseUrl: string,
  limits = FEED_LIMITS,
): Promise<string> {
  const owner = await findUserByFeedTokenHash(db, hashToken(token));
  if (!owner) throw new FeedNotFoundError();
  const at = now();
  const since = new Date(at.getTime() - limits.pastDays * 86_400_000);
  const events = await findFeedEvents(db, owner.id, { since, now: at, limit: limits.events });
  const attended = meetings ? await meetings(owner.id, since, limits.events) : [];
  return buildCalendar([...events, ...attended], {
    name: `${owner.name} (syncore)`,
    now: at,
    domain: new URL(baseUrl).hostname,
    maxBytes: limits.bytes,
  });
}
