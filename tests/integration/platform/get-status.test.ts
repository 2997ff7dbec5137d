import { randomUUID } from 'node:crypto';
import { flushRequestMetrics, recordInvocation } from '#platform/telemetry/request-metrics';
import { callHttp } from '../../support/http-event.js';

process.env.SYNCORE_REQUEST_METRICS = 'true';
process.env.METRICS_TOKEN = 'integration-test-metrics-token';
const { handler: status } = await import('../../../functions/platform/handlers/http/get-status.js');
const { handler: metrics } = await import('../../../functions/platform/handlers/http/get-metrics.js');

describe('GET /status and GET /metrics', () => {
  it('answer 401 problem+json without the token', async () => {
    for (const handler of [status, metrics]) {
      const response = await callHttp(handler, { method: 'GET', path: '/status' });
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('OPS.TOKEN_REQUIRED');
    }
  });

  it('renders the page with the last hour per route, the queues and the gauges', async () => {
    const route = `/status-it-${randomUUID()}`;
    // The page shows the 12 busiest routes of the hour: make this one the busiest.
    for (let i = 0; i < 5000; i++)
      recordInvocation({ kind: 'http', name: route, method: 'GET', status: '503' }, 10);
    await flushRequestMetrics();
    const response = await callHttp(status, {
      method: 'GET',
      path: '/status',
      query: { token: 'integration-test-metrics-token' },
    });
    expect(response.status).toBe(200);
    const html = response.raw;
    expect(html).toContain('<h2>Queues</h2>');
    expect(html).toContain('payment-webhooks');
    expect(html).toContain('syncore_booking_bookings');
    const data = JSON.parse(
      /<script type="application\/json" id="status-data">(.*?)<\/script>/s.exec(html)![1]!,
    );
    const mine = data.routes.find((r: { route: string }) => r.route === `GET ${route}`);
    expect(mine ?? { route, missing: true }).toMatchObject({ total: 5000, errorTotal: 5000 });
  });

  it('serves uPlot and the chart script as static assets, 404 for anything else', async () => {
    const uplot = await callHttp(status, {
      method: 'GET',
      path: '/status/uPlot.iife.min.js',
      params: { asset: 'uPlot.iife.min.js' },
    });
    expect(uplot.status).toBe(200);
    expect(uplot.raw).toContain('uPlot');
    // Names an object has without defining them (its prototype's) are no assets either.
    for (const asset of ['x.js', 'constructor', '__proto__', 'toString']) {
      const other = await callHttp(status, { method: 'GET', path: `/status/${asset}`, params: { asset } });
      expect(other.status).toBe(404);
    }
  });

  it('serves the exposition with the bearer token', async () => {
    const response = await callHttp(metrics, {
      method: 'GET',
      path: '/metrics',
      headers: { authorization: 'Bearer integration-test-metrics-token' },
    });
    expect(response.status).toBe(200);
    expect(response.raw).toContain('# TYPE syncore_http_requests_total counter');
  });
});
