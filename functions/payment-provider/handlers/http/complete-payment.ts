import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { json } from '../../../../layers/platform/http/responses.js';
import { IdParams } from '../../../../layers/platform/validation/common.js';
import { completePayment } from '../../payments.js';
import { CompletePaymentBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  params: IdParams,
  body: CompletePaymentBody,
  handler: async ({ params, body }) =>
    json(202, await completePayment({ db: await getDb(), now: () => new Date() }, params.id, body.outcome)),
});
