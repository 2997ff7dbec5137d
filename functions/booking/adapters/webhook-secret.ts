import { resolveSecret } from '#platform/aws/secrets';
import { bookingConfig } from '../config.js';

/** The secret shared with the payment provider: from the environment locally, from SSM (SecureString) on AWS. */
export function paymentWebhookSecret(): Promise<string> {
  const { PAYMENT_WEBHOOK_SECRET, PAYMENT_WEBHOOK_SECRET_PARAMETER } = bookingConfig();
  return resolveSecret(
    'PAYMENT_WEBHOOK_SECRET',
    { value: PAYMENT_WEBHOOK_SECRET, parameter: PAYMENT_WEBHOOK_SECRET_PARAMETER },
    16,
  );
}

/** The merchant's secret API key, sent to the payment provider as `Authorization: Bearer <key>`. */
export function paymentProviderApiKey(): Promise<string> {
  const { PAYMENT_PROVIDER_API_KEY, PAYMENT_PROVIDER_API_KEY_PARAMETER } = bookingConfig();
  return resolveSecret(
    'PAYMENT_PROVIDER_API_KEY',
    { value: PAYMENT_PROVIDER_API_KEY, parameter: PAYMENT_PROVIDER_API_KEY_PARAMETER },
    16,
  );
}
