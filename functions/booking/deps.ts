import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';

/** What the catalogue commands and the booking queries need; runtime.ts builds it, tests pass their own. */
export interface BookingDbDeps {
  db: Kysely<DB>;
}

/** Queries that judge a stay: the clock and MAX_STAY_NIGHTS besides the database. */
export interface StayQueryDeps extends BookingDbDeps {
  now?: () => Date;
  maxNights: number;
}
