import { resolveSecret } from '#platform/aws/secrets';
import { providerConfig } from '../config.js';

/**
 * The simulator signs its webhooks with its own configured secret, as a real provider does; the booking
 * context verifies them with the value it was given (PAYMENT_WEBHOOK_SECRET).
 */
export function signingSecret(): Promise<string> {
  const { PAYMENT_PROVIDER_WEBHOOK_SECRET, PAYMENT_PROVIDER_WEBHOOK_SECRET_PARAMETER } = providerConfig();
  return resolveSecret(
    'PAYMENT_PROVIDER_WEBHOOK_SECRET',
    { value: PAYMENT_PROVIDER_WEBHOOK_SECRET, parameter: PAYMENT_PROVIDER_WEBHOOK_SECRET_PARAMETER },
    16,
  );
}

/** The merchant API key the simulator accepts (PAYMENT_PROVIDER_API_KEY, or its SSM parameter on AWS). */
export function apiKey(): Promise<string> {
  const { PAYMENT_PROVIDER_API_KEY, PAYMENT_PROVIDER_API_KEY_PARAMETER } = providerConfig();
  return resolveSecret(
    'PAYMENT_PROVIDER_API_KEY',
    { value: PAYMENT_PROVIDER_API_KEY, parameter: PAYMENT_PROVIDER_API_KEY_PARAMETER },
    16,
  );
}
