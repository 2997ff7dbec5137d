import type { SqlGauge } from '#platform/telemetry/gauges';
import { bookingGauges } from '../booking/metrics.js';
import { calendarGauges } from '../calendar/metrics.js';
import { campaignGauges } from '../campaigns/metrics.js';
import { cartGauges } from '../cart/metrics.js';
import { identityGauges } from '../identity/metrics.js';
import { meetingsGauges } from '../meetings/metrics.js';
import { notificationGauges } from '../notifications/metrics.js';
import { ordersGauges } from '../orders/metrics.js';
import { paymentProviderGauges } from '../payment-provider/metrics.js';
import { platformGauges } from './metrics.js';

/** Every context's business gauges on /metrics. A new context adds its `metrics.ts` list here. */
export const metricGauges: SqlGauge[] = [
  ...platformGauges,
  ...identityGauges,
  ...notificationGauges,
  ...calendarGauges,
  ...bookingGauges,
  ...paymentProviderGauges,
  ...meetingsGauges,
  ...ordersGauges,
  ...cartGauges,
  ...campaignGauges,
];

/**
 * Every shared circuit breaker (`#platform/resilience`) on /metrics: the cache table's key is a hash key
 * only, so the breakers are read by name (one BatchGetItem), not by a prefix scan. A new breaker adds its
 * name here. Names: campaigns' SENDING_API_BREAKER, notifications' `delivery-<channel>` (channelBreaker).
 */
export const breakerNames: string[] = ['sending-api', 'delivery-telegram', 'delivery-email'];
