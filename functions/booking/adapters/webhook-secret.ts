import { getParameter } from '@aws-lambda-powertools/parameters/ssm';
import { ConfigError } from '../../../layers/platform/config.js';
import { bookingConfig } from '../config.js';

/** The secret shared with the payment provider: from the environment locally, from SSM (SecureString) on AWS. */
export async function paymentWebhookSecret(): Promise<string> {
  const { PAYMENT_WEBHOOK_SECRET, PAYMENT_WEBHOOK_SECRET_PARAMETER } = bookingConfig();
  const value =
    PAYMENT_WEBHOOK_SECRET ??
    (PAYMENT_WEBHOOK_SECRET_PARAMETER
      ? await getParameter(PAYMENT_WEBHOOK_SECRET_PARAMETER, { decrypt: true, maxAge: 300 })
      : undefined);
  if (!value || value.length < 16)
    throw new ConfigError('PAYMENT_WEBHOOK_SECRET (or PAYMENT_WEBHOOK_SECRET_PARAMETER) is required');
  return value;
}
