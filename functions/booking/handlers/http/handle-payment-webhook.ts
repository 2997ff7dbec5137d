import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { handlePaymentWebhook } from '../../handle-payment-webhook.js';
import { webhookDeps } from '../../runtime.js';

// No bearer token and no body schema: the provider authenticates with an HMAC over the raw body,
// which is checked before the body is parsed.
export const handler = httpHandler({
  auth: false,
  readsRawBody: true,
  handler: async ({ headers, rawBody }) =>
    ok(await handlePaymentWebhook(await webhookDeps(), { signature: headers['syncore-signature'], rawBody })),
});
