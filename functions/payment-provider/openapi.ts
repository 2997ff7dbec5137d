import type { ApiRoute } from '../../layers/platform/http/openapi.js';
import { IdParams } from '../../layers/platform/validation/common.js';
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
      'Stands in for the external payment system. A repeated request for the same pending payment returns it again.',
    auth: false,
    body: CreatePaymentBody,
    responses: { 201: ProviderPaymentView },
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
