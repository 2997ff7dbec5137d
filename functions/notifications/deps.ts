import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';

/** What the notification use cases need; runtime.ts builds it, tests pass their own. */
export interface NotificationsDeps {
  db: Kysely<DB>;
  now?: () => Date;
}
