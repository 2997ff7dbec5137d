import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';

/** What the calendar's HTTP use cases need; runtime.ts builds it, tests pass their own. */
export interface CalendarDeps {
  db: Kysely<DB>;
  now?: () => Date;
  /** REMINDER_GRACE_MINUTES: a reminder is never scheduled already this stale. */
  graceMinutes?: number;
  /** CALENDAR_MAX_EVENTS_PER_USER unless given (tests use a small quota). */
  eventQuota?: number;
  /** CALENDAR_MAX_EVENTS_PER_VIEW unless given. */
  maxEventsPerView?: number;
}
