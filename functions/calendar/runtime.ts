import { invoker, lambdaTransport } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { publishNotifications } from './adapters/notifications-publisher.js';
import type { CleanupOptions } from './cleanup-events.js';
import { calendarConfig } from './config.js';
import type { CalendarDeps } from './deps.js';
import type { DispatchDeps, DispatchOptions } from './dispatch-reminders.js';
import { feedMeetingsThrough } from './feed-meetings.js';
import { meetingsThrough } from './meeting-occurrences.js';

// The meetings context's published contracts, through the Lambda invoke API.
const invoke = invoker(lambdaTransport);
const meetings = meetingsThrough(invoke);
const feedMeetings = feedMeetingsThrough(invoke);

// The composition root: wires the use cases to the real adapters and the configuration, once per
// container. Handlers take their dependencies from here; tests pass their own.

export async function calendarDeps(): Promise<CalendarDeps> {
  return {
    db: await getDb(),
    now: () => new Date(),
    graceMinutes: calendarConfig().REMINDER_GRACE_MINUTES,
    meetings,
    feedMeetings,
  };
}

export async function dispatchDeps(): Promise<DispatchDeps> {
  return { db: await getDb(), send: (messages) => publishNotifications(messages), now: () => new Date() };
}

/** A run stops starting batches after 40 s, inside the function's 55 s timeout. */
export function dispatchOptions(): DispatchOptions {
  const config = calendarConfig();
  return {
    graceMinutes: config.REMINDER_GRACE_MINUTES,
    batchSize: config.REMINDER_BATCH_SIZE,
    budgetMs: 40_000,
  };
}

export function cleanupOptions(): CleanupOptions {
  return { retentionDays: calendarConfig().CALENDAR_RETENTION_DAYS, batchSize: 1000, budgetMs: 20_000 };
}
