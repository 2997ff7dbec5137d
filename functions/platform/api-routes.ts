import { z } from 'zod';
import type { ApiRoute } from '#platform/http/openapi';
import { bookingRoutes } from '../booking/openapi.js';
import { calendarRoutes } from '../calendar/openapi.js';
import { identityRoutes } from '../identity/openapi.js';
import { meetingsRoutes } from '../meetings/openapi.js';
import { notificationRoutes } from '../notifications/openapi.js';
import { paymentProviderRoutes } from '../payment-provider/openapi.js';

const HealthReport = z.object({
  status: z.enum(['ok', 'degraded']),
  checks: z.record(z.string(), z.object({ status: z.enum(['ok', 'down']), latencyMs: z.number() })),
});

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
];

/** Every context's routes, in the order they appear in the docs. Add a context's list here. */
export const apiRoutes: ApiRoute[] = [
  ...platformRoutes,
  ...identityRoutes,
  ...calendarRoutes,
  ...bookingRoutes,
  ...notificationRoutes,
  ...paymentProviderRoutes,
  ...meetingsRoutes,
];
