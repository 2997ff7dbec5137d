import type { ApiRoute } from '#platform/http/openapi';
import { IdParams } from '#platform/validation/common';
import {
  CompletedPaymentView,
  CompletePaymentBody,
  CreatePaymentBody,
  ProviderPaymentView,
} from './schemas.js';

const tag = 'payment-provider (simulator)';

export const paymentProviderRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/payment-provider/payments',
    tag,
    summary: 'Request a payment',
    description:
      "Stands in for the external payment system. Requires an Idempotency-Key header: one payment per key (a retry, even a concurrent one, gets the same payment; the key with another body → 422). callbackUrl must be this API's own /webhooks/payments.",
    auth: false,
    body: CreatePaymentBody,
    responses: { 201: ProviderPaymentView },
    problems: [400, 422],
  },
  {
    method: 'post',
    path: '/payment-provider/payments/{id}/complete',
    tag,
    summary: 'Finish a payment (tests and demo)',
    description:
      'Sets the outcome once and queues the signed webhook to the callbackUrl, retried with exponential backoff until a 2xx.',
    auth: false,
    params: IdParams,
    body: CompletePaymentBody,
    responses: { 202: CompletedPaymentView },
    problems: [404, 409],
  },
];
