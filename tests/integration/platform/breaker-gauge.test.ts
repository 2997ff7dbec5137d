import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import { dynamoBreakerStore } from '#platform/resilience/breaker-store';
import { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import { SENDING_API_BREAKER } from '../../../functions/campaigns/runtime.js';
import { collectMetrics } from '../../../functions/platform/collect-metrics.js';
import { breakerNames } from '../../../functions/platform/metric-gauges.js';
import { metricsDeps } from '../../../functions/platform/runtime.js';

// A shared breaker opened and closed in the real DynamoDB emulator, seen through the /metrics renderer
// with the platform's real dependencies.
const scrape = async () => collectMetrics(await metricsDeps());

describe('the circuit breaker gauges on /metrics', () => {
  let now = Date.now();
  const breaker = new SharedCircuitBreaker({
    name: 'delivery-email',
    store: dynamoBreakerStore(dynamoDocuments(), platformConfig().CACHE_TABLE),
    failureThreshold: 2,
    openForMs: 60_000,
    probeLeaseMs: 15_000,
    now: () => now,
  });
  const fail = () =>
    breaker.execute(async () => {
      throw new Error('SMTP down');
    });

  it('lists every breaker the contexts create', () => {
    expect(breakerNames).toEqual(expect.arrayContaining([SENDING_API_BREAKER, 'delivery-telegram']));
  });

  it('shows a breaker at 1 while it is open and at 0 once a probe closed it', async () => {
    await breaker.execute(async () => 'ok'); // start closed, whatever an earlier run left
    await expect(fail()).rejects.toThrow('SMTP down');
    let text = await scrape();
    expect(text).toContain('syncore_breaker_open{name="delivery-email"} 0');
    expect(text).toContain('syncore_breaker_failures{name="delivery-email"} 1');

    await expect(fail()).rejects.toThrow('SMTP down');
    await expect(fail()).rejects.toThrow('circuit breaker delivery-email is open');
    text = await scrape();
    expect(text).toContain('syncore_breaker_open{name="delivery-email"} 1');
    expect(text).toContain('syncore_breaker_failures{name="delivery-email"} 2');
    expect(text).toContain('syncore_metrics_source_errors{source="breakers"} 0');
    expect(text).toMatch(/syncore_breaker_open\{name="sending-api"\} [01]/);

    now += 61_000; // the probe is let through and succeeds
    await breaker.execute(async () => 'ok');
    text = await scrape();
    expect(text).toContain('syncore_breaker_open{name="delivery-email"} 0');
    expect(text).toContain('syncore_breaker_failures{name="delivery-email"} 0');
  });
});
