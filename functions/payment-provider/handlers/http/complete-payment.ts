import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { completePayment } from '../../complete-payment.js';
import { assertMerchantKey } from '../../domain/api-key.js';
import { merchantApiKey, paymentDeps } from '../../runtime.js';
import { CompletePaymentBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  authorize: async (headers) => assertMerchantKey(headers.authorization, await merchantApiKey()),
  params: IdParams,
  body: CompletePaymentBody,
  // The provider's "test mode" control: only the merchant (its API key) may decide an outcome.
  handler: async ({ params, body }) => {
    return json(202, await completePayment(await paymentDeps(), params.id, body.outcome));
  },
});
