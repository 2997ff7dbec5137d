import { log, MetricUnit, metrics } from '#platform/observability';
import type { WebhookDeps } from './deps.js';
import { UpdateNotProcessedError, WebhookSecretInvalidError } from './domain/errors.js';
import { secretMatches } from './domain/secret.js';

/**
 * POST /telegram/webhook. The secret header is checked first (nothing is processed without it); each
 * update_id is claimed once in DynamoDB, so Telegram's redelivery of an answered update does nothing.
 * A failure releases the claim and answers 503: Telegram delivers the update again, nothing is lost.
 */
export async function handleTelegramWebhook(
  deps: WebhookDeps,
  request: { secretToken: string | undefined; rawBody: string },
): Promise<{ ok: true; duplicate?: true }> {
  if (!secretMatches(request.secretToken, deps.secret)) throw new WebhookSecretInvalidError();
  let update: { update_id?: unknown };
  try {
    update = JSON.parse(request.rawBody) as { update_id?: unknown };
  } catch {
    return { ok: true }; // not an update: nothing Telegram would resend differently
  }
  if (typeof update.update_id !== 'number') return { ok: true };
  const updateId = update.update_id;
  if (!(await deps.ledger.claim(updateId))) {
    metrics.addMetric('TelegramUpdatesDuplicate', MetricUnit.Count, 1);
    return { ok: true, duplicate: true };
  }
  try {
    await deps.handleUpdate(update);
  } catch (error) {
    await deps.ledger.release(updateId).catch(() => undefined);
    log().warn('telegram update failed; Telegram will deliver it again', { updateId, error: error as Error });
    throw new UpdateNotProcessedError(error);
  }
  await deps.ledger.complete(updateId);
  metrics.addMetric('TelegramUpdatesProcessed', MetricUnit.Count, 1);
  return { ok: true };
}
