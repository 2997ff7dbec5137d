import { resolveSecret } from '#platform/aws/secrets';
import { providerConfig } from '../config.js';

/** The simulator signs its webhooks with the secret it shares with the booking context. */
export function signingSecret(): Promise<string> {
  const { PAYMENT_WEBHOOK_SECRET, PAYMENT_WEBHOOK_SECRET_PARAMETER } = providerConfig();
  return resolveSecret(
    'PAYMENT_WEBHOOK_SECRET',
    { value: PAYMENT_WEBHOOK_SECRET, parameter: PAYMENT_WEBHOOK_SECRET_PARAMETER },
    16,
  );
}
