import { platformConfig } from '#platform/config';
import { invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { handler as getBusyIntervals } from '../../../functions/calendar/handlers/invoke/get-busy-intervals.js';
import { handler as lookupUsers } from '../../../functions/identity/handlers/invoke/lookup-users.js';
import { dynamoScheduleCache } from '../../../functions/meetings/adapters/schedule-cache.js';
import type { MeetingsDeps } from '../../../functions/meetings/deps.js';
import type { NotificationMessage } from '../../../functions/notifications/contract.js';
import { directTransport } from '../../support/contracts.js';

/**
 * Meetings' dependencies on the real services: PostgreSQL, the DynamoDB cache table, and identity's
 * and calendar's real contract handlers run in-process. Outbox rows are kept (not relayed) so a test
 * can read the notifications a change announced; `dispose` deletes them.
 */
export async function meetingsTestDeps(overrides: Partial<MeetingsDeps> = {}) {
  const db = await getDb();
  const outboxIds: string[] = [];
  const cache = dynamoScheduleCache(platformConfig().CACHE_TABLE);
  const cacheStats = { hits: 0, misses: 0 };
  const deps: MeetingsDeps = {
    db,
    invoke: invoker(
      directTransport({ lookupUsersContract: lookupUsers, getBusyIntervalsContract: getBusyIntervals }),
    ),
    cache: {
      get: async (key) => {
        const value = await cache.get(key);
        if (value === undefined) cacheStats.misses++;
        else cacheStats.hits++;
        return value;
      },
      put: (key, value, ttl) => cache.put(key, value, ttl),
    },
    relay: async (ids) => {
      outboxIds.push(...ids);
    },
    now: () => new Date(),
    scheduleTtlSeconds: 300,
    reminderGraceMinutes: 60,
    availabilityStepMinutes: 30,
    ...overrides,
  };

  /** Notifications written so far (optionally to one recipient), oldest first. */
  const notifications = async (recipientId?: string): Promise<NotificationMessage[]> => {
    if (outboxIds.length === 0) return [];
    const rows = await db
      .selectFrom('outbox')
      .select(['id', 'body'])
      .where('id', 'in', outboxIds)
      .where('queue', '=', 'notifications')
      .orderBy('id')
      .execute();
    return rows
      .map((row) => JSON.parse(row.body) as NotificationMessage)
      .filter((message) => recipientId === undefined || message.recipientId === recipientId);
  };

  const dispose = async () => {
    if (outboxIds.length > 0) await db.deleteFrom('outbox').where('id', 'in', outboxIds).execute();
  };

  return { deps, notifications, cacheStats, dispose };
}

export const actor = (user: { id: string }) => ({ id: user.id });
