import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { Invoker } from '#platform/contracts/invoke';
import type { DB } from '#platform/db/schema';
import type { ScheduleCache } from './adapters/schedule-cache.js';

/** Everything a meetings use case may need; runtime.ts builds it, tests pass their own. */
export interface MeetingsDeps {
  db: Kysely<DB>;
  /** Synchronous contracts of identity (lookupUsers) and calendar (getBusyIntervals). */
  invoke: Invoker;
  cache: ScheduleCache;
  /** Sends the outbox rows a change wrote, right after its commit (relayQuietly; tests capture them). */
  relay: (outboxIds: string[]) => Promise<void>;
  now: () => Date;
  scheduleTtlSeconds: number;
  reminderGraceMinutes: number;
  availabilityStepMinutes: number;
}

export type Actor = Pick<AuthUser, 'id'>;
