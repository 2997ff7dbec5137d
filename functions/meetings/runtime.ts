import { platformConfig } from '#platform/config';
import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { relayQuietly } from '#platform/messaging/outbox';
import { dynamoScheduleCache } from './adapters/schedule-cache.js';
import { meetingsConfig } from './config.js';
import type { MeetingsDeps } from './deps.js';

// Wires the use cases to the real adapters, once per container; tests pass their own dependencies.
const invoke = invoker(lambdaTransport);

export async function meetingsDeps(): Promise<MeetingsDeps> {
  const config = meetingsConfig();
  const db = await getDb();
  return {
    db,
    relay: (outboxIds) => relayQuietly(db, outboxIds),
    invoke,
    cache: dynamoScheduleCache(platformConfig().CACHE_TABLE),
    now: () => new Date(),
    scheduleTtlSeconds: config.SCHEDULE_CACHE_TTL_SECONDS,
    reminderGraceMinutes: config.MEETING_REMINDER_GRACE_MINUTES,
    availabilityStepMinutes: config.AVAILABILITY_STEP_MINUTES,
  };
}
