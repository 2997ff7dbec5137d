import { resolveSecret } from '../../../layers/platform/aws/secrets.js';
import { providerConfig } from '../config.js';

/** The provider's signing secret: from the environment locally, from SSM (SecureString) on AWS. */
export async function signingSecret(): Promise<string> {
  const { PAYMENT_WEBHOOK_SECRET, PAYMENT_WEBHOOK_SECRET_PARAMETER } = providerConfig();
  return resolveSecret(
    'PAYMENT_WEBHOOK_SECRET',
    { value: PAYMENT_WEBHOOK_SECRET, parameter: PAYMENT_WEBHOOK_SECRET_PARAMETER },
    16,
  );
}
