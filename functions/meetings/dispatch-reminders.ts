import { enqueue } from '#platform/messaging/outbox';
import { MetricUnit, metrics } from '#platform/observability';
import { type NotificationMessage, notificationsQueue } from '../notifications/contract.js';
import { advanceReminder, claimDueReminders, reminderRecipients } from './adapters/reminders.repository.js';
import type { MeetingsDeps } from './deps.js';
import { localTime, notice } from './domain/notices.js';
import { isStale, nextReminder } from './domain/reminders.js';

/**
 * The meetings' reminder scheduler (every minute). Each batch is one transaction: claim due reminder
 * rows (SKIP LOCKED), write one notification per attendee who has not declined that occurrence to the
 * outbox, and advance each row to its next occurrence. The row moves in the same commit as the
 * messages, so an occurrence is reminded once; the ids are deterministic, so a resend is a no-op.
 */
export async function dispatchMeetingReminders(
  {
    db,
    relay,
    now,
    reminderGraceMinutes,
  }: Pick<MeetingsDeps, 'db' | 'relay' | 'now' | 'reminderGraceMinutes'>,
  options: { batchSize: number; budgetMs: number },
) {
  const started = Date.now();
  let sent = 0;
  let skipped = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const at = now();
      const claimed = await claimDueReminders(trx, at, options.batchSize);
      const outgoing: NotificationMessage[] = [];
      let batchSkipped = 0;
      for (const reminder of claimed) {
        const stale = isStale(reminder.dueAt, at, reminderGraceMinutes);
        if (stale) batchSkipped++;
        else {
          const when =
            reminder.minutesBefore === 0 ? 'starts now' : `starts in ${reminder.minutesBefore} min`;
          for (const recipientId of await reminderRecipients(
            trx,
            reminder.meetingId,
            reminder.occurrenceStart,
            reminder.recipientId,
          )) {
            outgoing.push(
              notice({
                recipientId,
                type: 'reminder',
                key: `${reminder.meetingId}:${reminder.occurrenceStart.toISOString()}:${reminder.minutesBefore}`,
                title: `${reminder.title} ${when}`,
                body: localTime(reminder.occurrenceStart, reminder.timeZone),
                data: {
                  meetingId: reminder.meetingId,
                  groupId: reminder.groupId,
                  occurrenceStart: reminder.occurrenceStart.toISOString(),
                  minutesBefore: reminder.minutesBefore,
                  location: reminder.location,
                },
                at: reminder.dueAt,
              }),
            );
          }
        }
        const next = nextReminder(
          reminder,
          reminder.minutesBefore,
          reminder.occurrenceStart,
          at,
          reminderGraceMinutes,
        );
        await advanceReminder(trx, reminder.id, reminder.occurrenceStart, next, !stale);
      }
      const outboxIds = await enqueue(trx, notificationsQueue, outgoing);
      return { claimed: claimed.length, sent: outgoing.length, skipped: batchSkipped, outboxIds };
    });
    await relay(batch.outboxIds);
    sent += batch.sent;
    skipped += batch.skipped;
    if (batch.claimed < options.batchSize || Date.now() - started > options.budgetMs) break;
  }
  if (sent > 0) metrics.addMetric('MeetingRemindersSent', MetricUnit.Count, sent);
  if (skipped > 0) metrics.addMetric('MeetingRemindersSkipped', MetricUnit.Count, skipped);
  return { sent, skipped };
}
