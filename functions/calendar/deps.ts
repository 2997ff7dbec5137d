import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { FeedMeetingSource } from './feed-meetings.js';
import type { MeetingSource } from './meeting-occurrences.js';

/** What the calendar's HTTP use cases need; runtime.ts builds it, tests pass their own. */
export interface CalendarDeps {
  db: Kysely<DB>;
  now?: () => Date;
  /** REMINDER_GRACE_MINUTES: a reminder is never scheduled already this stale. */
  graceMinutes?: number;
  /** The meetings the user attends (meetings context), for the views and the feed; none when absent. */
  meetings?: MeetingSource;
  feedMeetings?: FeedMeetingSource;
}
