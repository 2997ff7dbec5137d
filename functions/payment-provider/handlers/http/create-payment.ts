import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { createPayment } from '../../create-payment.js';
import { assertMerchantKey } from '../../domain/api-key.js';
import { merchantApiKey, paymentDeps } from '../../runtime.js';
import { CreatePaymentBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  authorize: async (headers) => assertMerchantKey(headers.authorization, await merchantApiKey()),
  body: CreatePaymentBody,
  // `baseUrl`: PUBLIC_BASE_URL, else the host the request came to; the only allowed callback origin.
  handler: async ({ body, baseUrl, headers }) => {
    return json(
      201,
      await createPayment(
        { ...(await paymentDeps()), apiBaseUrl: baseUrl },
        body,
        headers['idempotency-key']?.trim() || undefined,
      ),
    );
  },
});
