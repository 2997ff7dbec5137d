import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { IdParams } from '#platform/validation/common';
import { completePayment } from '../../complete-payment.js';
import { paymentDeps } from '../../runtime.js';
import { CompletePaymentBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  params: IdParams,
  body: CompletePaymentBody,
  handler: async ({ params, body }) =>
    json(202, await completePayment(await paymentDeps(), params.id, body.outcome)),
});
