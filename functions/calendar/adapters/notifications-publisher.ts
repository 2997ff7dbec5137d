import { publish } from '#platform/messaging/queues';
import { type NotificationMessage, notificationsQueue } from '../../notifications/contract.js';

/**
 * Sends notifications with SendMessageBatch, several batches of ten in flight at once. Rejects if any
 * message was not accepted, so the scheduler's transaction rolls back and the reminders stay due.
 */
export async function publishNotifications(messages: NotificationMessage[], concurrency = 10): Promise<void> {
  const chunks: NotificationMessage[][] = [];
  for (let start = 0; start < messages.length; start += 10) chunks.push(messages.slice(start, start + 10));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] as NotificationMessage[];
      await publish(
        notificationsQueue,
        chunk.map((message) => ({ message })),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, chunks.length) }, worker));
}
