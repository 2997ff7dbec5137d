import { findFeedEvents } from './adapters/events.repository.js';
import { findUserByFeedTokenHash } from './adapters/feed-tokens.repository.js';
import type { CalendarDeps } from './deps.js';
import { FeedNotFoundError } from './domain/errors.js';
import type { CalendarEvent } from './domain/event.js';
import { hashFeedToken } from './domain/feed-token.js';
import { buildCalendar, MAX_FEED_BYTES } from './domain/ics.js';

/**
 * The feed's limits: events whose occurrences reach back at most a year, at most 5,000 of them, at
 * most MAX_FEED_BYTES; the most relevant (running now, then nearest to now) are kept.
 */
export const FEED_LIMITS = { pastDays: 365, events: 5000, bytes: MAX_FEED_BYTES };

/** The RFC 5545 feed of the token owner's events and the meetings they attend. A wrong token is a 404. */
export async function getFeed(
  { db, now = () => new Date(), feedMeetings }: CalendarDeps,
  token: string,
  baseUrl: string,
  limits = FEED_LIMITS,
): Promise<string> {
  const owner = await findUserByFeedTokenHash(db, hashFeedToken(token));
  if (!owner) throw new FeedNotFoundError();
  const at = now();
  const since = new Date(at.getTime() - limits.pastDays * 86_400_000);
  const [events, attended] = await Promise.all([
    findFeedEvents(db, owner.id, { since, now: at, limit: limits.events }),
    feedMeetings ? feedMeetings(owner.id, since, limits.events) : [],
  ]);
  // One list, most relevant first, within the one cap: the byte limit drops from the end, so a meeting
  // running now must not come after a year-old event.
  const entries = [...events, ...attended]
    .sort((a, b) => distanceFrom(a, at) - distanceFrom(b, at) || a.startsAt.getTime() - b.startsAt.getTime())
    .slice(0, limits.events);
  return buildCalendar(entries, {
    name: `${owner.name} (syncore)`,
    now: at,
    domain: new URL(baseUrl).hostname,
    maxBytes: limits.bytes,
  });
}

/**
 * How far an entry's span is from `now` (0 while it runs): the order findFeedEvents answers in, applied
 * to the user's events and their meetings together.
 */
function distanceFrom(entry: CalendarEvent, now: Date): number {
  const start = entry.startsAt.getTime();
  const end = entry.seriesEndsAt ? entry.seriesEndsAt.getTime() : Number.POSITIVE_INFINITY;
  return Math.max(start - now.getTime(), now.getTime() - end, 0);
}
