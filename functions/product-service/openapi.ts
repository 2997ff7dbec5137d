import type { ApiRoute } from '#platform/http/openapi';
import {
  FaultsBody,
  ListSkusQuery,
  ProductView,
  RequestCountsQuery,
  RequestCountsView,
  SkuPage,
  SkuParams,
  TokenHeader,
} from './schemas.js';

const tag = 'product-service (simulator)';
const headers = TokenHeader;
const limits =
  'Needs the X-Product-Service-Token header (401 otherwise). At most 10 requests per second per token across all instances; above that 429 with Retry-After.';

export const productServiceRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/product-service/products/{sku}',
    tag,
    summary: 'A product by SKU',
    description: `Stands in for the external product service. ${limits}`,
    auth: false,
    params: SkuParams,
    headers,
    responses: { 200: ProductView },
    problems: [401, 404, 429, 503],
  },
  {
    method: 'get',
    path: '/product-service/skus',
    tag,
    summary: 'SKUs in ascending order (keyset pages)',
    description: `Pass the previous page's \`next\` as \`after\`. ${limits}`,
    auth: false,
    query: ListSkusQuery,
    headers,
    responses: { 200: SkuPage },
    problems: [401, 429, 503],
  },
  {
    method: 'put',
    path: '/product-service/admin/faults',
    tag,
    summary: 'Fault knobs (tests, demos)',
    description:
      'Makes the simulator answer a share of requests for this token with an error status, and/or add latency to every request. Not rate limited.',
    auth: false,
    body: FaultsBody,
    headers,
    responses: { 200: FaultsBody },
    problems: [401],
  },
  {
    method: 'get',
    path: '/product-service/admin/requests',
    tag,
    summary: 'Requests received per second for this token',
    description:
      'Every request counted by the limiter, per wall-clock second (epoch seconds), with the ones refused (429). Seconds without requests are left out. Not rate limited.',
    auth: false,
    query: RequestCountsQuery,
    headers,
    responses: { 200: RequestCountsView },
    problems: [401],
  },
];

/** Stable problem codes of the simulator (functions/product-service/domain/errors.ts). */
export const productServiceErrorCodes: Record<string, number> = {
  'PRODUCT_SERVICE.PRODUCT_NOT_FOUND': 404,
  'PRODUCT_SERVICE.UNAUTHORIZED': 401,
  'PRODUCT_SERVICE.RATE_LIMITED': 429,
  /** Any status the fault knobs are set to answer with (5xx by default). */
  'PRODUCT_SERVICE.INJECTED_FAULT': 500,
};
