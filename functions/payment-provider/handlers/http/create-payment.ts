import { getDb } from '../../../../layers/platform/db/index.js';
import { httpHandler } from '../../../../layers/platform/http/handler.js';
import { json } from '../../../../layers/platform/http/responses.js';
import { createPayment } from '../../payments.js';
import { CreatePaymentBody } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  body: CreatePaymentBody,
  handler: async ({ body }) =>
    json(201, await createPayment({ db: await getDb(), now: () => new Date() }, body)),
});
