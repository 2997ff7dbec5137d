import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import { MetricUnit, metrics } from '#platform/observability';
import type { NotificationMessage } from '../notifications/contract.js';
import { claimDueReminders, markProcessed, type ProcessedReminder } from './adapters/reminders.repository.js';
import { followingSchedule, isStale, reminderNotification } from './domain/reminders.js';

export interface DispatchDeps {
  db: Kysely<DB>;
  /** Sends to the notifications queue; must throw unless every message was accepted. */
  send: (messages: NotificationMessage[]) => Promise<void>;
  now?: () => Date;
}

export interface DispatchOptions {
  graceMinutes: number;
  batchSize: number;
  /** Stop starting new batches after this long (a backlog spreads over several runs). */
  budgetMs: number;
}

/**
 * The reminder scheduler. Each batch is one transaction: claim due rows (SKIP LOCKED), send their
 * notifications, then advance the rows to their next occurrence and commit. If sending fails the
 * transaction rolls back and the rows stay due (nothing lost); a crash after sending but before the
 * commit resends them later under the same notification ids (the storer ignores duplicates).
 */
export async function dispatchReminders(
  { db, send, now = () => new Date() }: DispatchDeps,
  options: DispatchOptions,
) {
  const started = Date.now();
  let sent = 0;
  let skipped = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const at = now();
      const claimed = await claimDueReminders(trx, at, options.batchSize);
      const outgoing: NotificationMessage[] = [];
      const processed: ProcessedReminder[] = claimed.map((reminder) => {
        const stale = isStale(reminder.dueAt, at, options.graceMinutes);
        if (!stale) outgoing.push(reminderNotification(reminder));
        const next = followingSchedule(
          reminder,
          reminder.minutesBefore,
          reminder.occurrenceStart,
          at,
          options.graceMinutes,
        );
        return {
          id: reminder.id,
          outcome: stale ? 'skipped' : 'sent',
          processedOccurrence: reminder.occurrenceStart,
          nextOccurrence: next.occurrenceStart,
          nextDueAt: next.dueAt,
        };
      });
      await send(outgoing);
      await markProcessed(trx, processed, at);
      return { claimed: claimed.length, sent: outgoing.length, skipped: claimed.length - outgoing.length };
    });
    sent += batch.sent;
    skipped += batch.skipped;
    if (batch.claimed < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  if (sent > 0) metrics.addMetric('RemindersSent', MetricUnit.Count, sent);
  if (skipped > 0) metrics.addMetric('RemindersSkipped', MetricUnit.Count, skipped);
  return { sent, skipped };
}
