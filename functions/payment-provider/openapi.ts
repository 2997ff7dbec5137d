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
      "Stands in for the external payment system. Requires an Idempotency-Key header: one payment per key (a retry, even a concurrent one, gets the same payment; the key with another body → 422). callbackUrl must be this API's own /webhooks/payments. Requires the merchant API key: `Authorization: Bearer <PAYMENT_PROVIDER_API_KEY>` (not a user token).",
    auth: false,
    body: CreatePaymentBody,
    responses: { 201: ProviderPaymentView },
    problems: [400, 401, 422],
  },
  {
    method: 'post',
    path: '/payment-provider/payments/{id}/complete',
    tag,
    summary: 'Finish a payment (tests and demo)',
    description:
      'The provider\'s "test mode" control: sets the outcome once and queues the signed webhook to the callbackUrl, retried with exponential backoff until a 2xx. Requires the merchant API key (`Authorization: Bearer <PAYMENT_PROVIDER_API_KEY>`).',
    auth: false,
    params: IdParams,
    body: CompletePaymentBody,
    responses: { 202: CompletedPaymentView },
    problems: [401, 404, 409],
  },
];

/** Every stable code this context answers with (one class each in domain/errors.ts), with its status. */
export const paymentProviderErrorCodes: Record<string, number> = {
  'PAYMENT_PROVIDER.PAYMENT_NOT_FOUND': 404,
  'PAYMENT_PROVIDER.ALREADY_COMPLETED': 409,
  'PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REQUIRED': 400,
  'PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REUSED': 422,
  'PAYMENT_PROVIDER.UNAUTHENTICATED': 401,
};
