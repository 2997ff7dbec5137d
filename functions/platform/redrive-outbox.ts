import type { Database } from '#platform/db/index';
import { redrive, relay } from '#platform/messaging/outbox';
import { log } from '#platform/observability';

export interface RedriveOutboxInput {
  /** Only these outbox rows; all set-aside rows when absent. */
  ids?: string[];
  /** Only rows for this queue (name without the `<service>-<stage>-` prefix). */
  queue?: string;
}

/**
 * Operator command: puts outbox messages that were set aside (after repeated permanent refusals, see
 * the `OutboxMessagesSetAside` alarm) back in line and relays them at once. Fix the cause first (create
 * the queue, deploy the consumer), or they are set aside again after MAX_ATTEMPTS runs.
 */
export async function redriveOutbox(
  deps: { db: Database },
  actor: { operator: string },
  input: RedriveOutboxInput,
): Promise<{ redriven: number; sent: number; failed: number }> {
  const ids = await redrive(deps.db, input);
  log().info('outbox messages put back in line', { operator: actor.operator, count: ids.length, ...input });
  const { sent, failed } = await relay(deps.db, { ids });
  return { redriven: ids.length, sent, failed };
}
