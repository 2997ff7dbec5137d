import { z } from 'zod';
import type { ApiRoute } from '#platform/http/openapi';
import { bookingErrorCodes, bookingRoutes } from '../booking/openapi.js';
import { calendarErrorCodes, calendarRoutes } from '../calendar/openapi.js';
import { campaignErrorCodes, campaignRoutes } from '../campaigns/openapi.js';
import { cartErrorCodes, cartRoutes } from '../cart/openapi.js';
import { identityErrorCodes, identityRoutes } from '../identity/openapi.js';
import { meetingsErrorCodes, meetingsRoutes } from '../meetings/openapi.js';
import { notificationErrorCodes, notificationRoutes } from '../notifications/openapi.js';
import { orderRoutes, ordersErrorCodes } from '../orders/openapi.js';
import { paymentProviderErrorCodes, paymentProviderRoutes } from '../payment-provider/openapi.js';
import { productServiceErrorCodes, productServiceRoutes } from '../product-service/openapi.js';
import { sendingApiErrorCodes, sendingApiRoutes } from '../sending-api/openapi.js';
import { telegramErrorCodes, telegramRoutes } from '../telegram/openapi.js';

const HealthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number() })),
});

const OpsQuery = z.strictObject({ token: z.string().optional() });

const platformRoutes: ApiRoute[] = [
  {
    method: 'get',
    path: '/health',
    tag: 'platform',
    summary: 'Status of PostgreSQL, SQS and DynamoDB',
    description: '200 when every dependency answers, 503 (same body) when one does not.',
    auth: false,
    responses: { 200: HealthReport, 503: HealthReport },
  },
  {
    method: 'get',
    path: '/metrics',
    tag: 'platform',
    summary: "Prometheus metrics (requests, latency, queues, outbox, every context's gauges)",
    description:
      'Prometheus text format. `Authorization: Bearer <METRICS_TOKEN>` (or `?token=`); closed without a token unless METRICS_PUBLIC=true. See docs/operations.md.',
    auth: false,
    query: OpsQuery,
    responses: { 200: z.string() },
    contentType: 'text/plain; version=0.0.4',
    problems: [401],
  },
  {
    method: 'get',
    path: '/status',
    tag: 'platform',
    summary: 'Status page: queues, DLQs, outbox, gauges and the last hour of requests per route',
    description: 'HTML for people; same token as /metrics (`?token=` in a browser).',
    auth: false,
    query: OpsQuery,
    responses: { 200: z.string() },
    contentType: 'text/html',
    problems: [401],
  },
  {
    method: 'get',
    path: '/status/{asset}',
    tag: 'platform',
    summary: "The status page's scripts and styles (uPlot from npm, no CDN)",
    auth: false,
    params: z.strictObject({ asset: z.string() }),
    query: OpsQuery,
    responses: { 200: z.string() },
    contentType: 'text/javascript',
    problems: [404],
  },
];

/** Every context's routes, in the order they appear in the docs. Add a context's list here. */
export const apiRoutes: ApiRoute[] = [
  ...platformRoutes,
  ...identityRoutes,
  ...calendarRoutes,
  ...bookingRoutes,
  ...notificationRoutes,
  ...paymentProviderRoutes,
  ...telegramRoutes,
  ...orderRoutes,
  ...cartRoutes,
  ...productServiceRoutes,
  ...campaignRoutes,
  ...sendingApiRoutes,
  ...meetingsRoutes,
];

/** The platform's own codes (domain/errors.ts); the shared ones (REQUEST.*, AUTH.*) are in the API's description. */
const platformErrorCodes: Record<string, number> = { 'ROUTE.NOT_FOUND': 404, 'OPS.TOKEN_REQUIRED': 401 };

/** Each context's stable error codes by the tag of its routes: shown as the tag's description in the docs. */
export const apiErrorCodes: Record<string, Record<string, number>> = {
  platform: platformErrorCodes,
  identity: identityErrorCodes,
  calendar: calendarErrorCodes,
  booking: bookingErrorCodes,
  notifications: notificationErrorCodes,
  'payment-provider (simulator)': paymentProviderErrorCodes,
  telegram: telegramErrorCodes,
  orders: ordersErrorCodes,
  cart: cartErrorCodes,
  'product-service (simulator)': productServiceErrorCodes,
  campaigns: campaignErrorCodes,
  'sending-api (simulator)': sendingApiErrorCodes,
  meetings: meetingsErrorCodes,
};

/** The document's tags, each describing the error codes its routes can answer with. */
export function errorCodeTags(codes = apiErrorCodes) {
  return Object.entries(codes).map(([name, byCode]) => {
    const entries = Object.entries(byCode);
    const list = entries.map(([code, status]) => `\`${code}\` (${status})`).join(', ');
    return { name, description: entries.length > 0 ? `Error codes: ${list}.` : 'No error codes of its own.' };
  });
}
