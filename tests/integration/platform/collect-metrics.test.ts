import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { jest } from '@jest/globals';
import { parse } from 'yaml';
import {
  flushRequestMetrics,
  readRecentMinutes,
  readTotals,
  recordInvocation,
} from '#platform/telemetry/request-metrics';
import { collectMetrics } from '../../../functions/platform/collect-metrics.js';
import { metricsDeps } from '../../../functions/platform/runtime.js';

// Request counters in the real DynamoDB emulator, the real gauges on the migrated database and the real
// queues, and the Grafana provisioning checked against what /metrics exposes.
process.env.SYNCORE_REQUEST_METRICS = 'true';
const repo = path.resolve(import.meta.dirname, '../../..');

describe('request metrics across invocations', () => {
  it('adds every invocation once, however the flushes interleave', async () => {
    const route = `/it-${randomUUID()}/{id}`;
    const record = (status: string, ms: number) =>
      recordInvocation({ kind: 'http', name: route, method: 'GET', status }, ms);
    for (let i = 0; i < 5; i++) record('200', 3);
    await flushRequestMetrics();
    // 20 invocations finishing together, each flushing at its end (as in-process serverless-offline does).
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        record(i % 4 === 0 ? '500' : '200', 120);
        await flushRequestMetrics();
      }),
    );
    const totals = (await readTotals()).filter((entry) => entry.name === route);
    const ok = totals.find((entry) => entry.status === '200')!;
    const failed = totals.find((entry) => entry.status === '500')!;
    expect(ok.count).toBe(20);
    expect(failed.count).toBe(5);
    expect(ok.buckets.reduce((a, b) => a + b, 0)).toBe(20);
    expect(ok.buckets[0]).toBe(5); // ≤ 5 ms
    expect(ok.sumMs).toBe(5 * 3 + 15 * 120);
    const minutes = await readRecentMinutes(2);
    const counted = minutes.reduce((sum, { counts }) => sum + (counts.get(`http|GET|200|${route}`) ?? 0), 0);
    expect(counted).toBe(20);
  });
});

describe('a flush that fails halfway', () => {
  it('writes again only the update that failed: nothing is counted twice', async () => {
    const route = `/half-${randomUUID()}`;
    const send = DynamoDBClient.prototype.send;
    let failMinute = true;
    // The minute item's update fails once (a throttled partition); the totals' update goes through.
    const spy = jest.spyOn(DynamoDBClient.prototype, 'send').mockImplementation(function (
      this: DynamoDBClient,
      ...args: Parameters<typeof send>
    ) {
      const key = (args[0] as { input?: { Key?: { key?: { S?: string } } } }).input?.Key?.key?.S;
      if (failMinute && key?.startsWith('metrics#m#')) {
        failMinute = false;
        return Promise.reject(new Error('ThrottlingException')) as never;
      }
      return send.apply(this, args) as never;
    });
    try {
      recordInvocation({ kind: 'http', name: route, method: 'GET', status: '200' }, 3);
      // The failing flush happens 6 s ago, so the 5 s pause after it is over now and the retry below
      // writes into the current minute (moving the clock forward instead could cross into a minute
      // that readRecentMinutes does not read yet).
      const clock = jest.spyOn(Date, 'now').mockReturnValue(Date.now() - 6_000);
      await flushRequestMetrics({ force: true });
      clock.mockRestore();
      expect(failMinute).toBe(false);
      await flushRequestMetrics({ force: true });
    } finally {
      spy.mockRestore();
    }
    const [totals] = (await readTotals()).filter((entry) => entry.name === route);
    expect(totals).toMatchObject({ count: 1, sumMs: 3 });
    const minutes = await readRecentMinutes(3);
    const counted = minutes.reduce((sum, { counts }) => sum + (counts.get(`http|GET|200|${route}`) ?? 0), 0);
    expect(counted).toBe(1);
  });
});

describe('the /metrics exposition', () => {
  let text: string;
  beforeAll(async () => {
    text = await collectMetrics(await metricsDeps());
  });

  it('reads every gauge of every context and every queue without a failing source', () => {
    const failing = text
      .split('\n')
      .filter((line) => line.startsWith('syncore_metrics_source_errors') && !line.endsWith(' 0'));
    expect(failing).toEqual([]);
    expect(text).toMatch(/syncore_queue_messages_visible\{queue="notifications"\} \d+/);
    expect(text).toMatch(/syncore_queue_dlq_messages\{queue="payment-webhooks"\} \d+/);
    expect(text).toContain('# TYPE syncore_outbox_pending_messages gauge');
  });

  it('exposes every metric that a Grafana dashboard queries, and the provisioning files parse', () => {
    const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
    const grafana = path.join(repo, 'observability/grafana');
    for (const dir of ['provisioning/datasources', 'provisioning/dashboards']) {
      for (const file of readdirSync(path.join(grafana, dir))) {
        expect(parse(readFileSync(path.join(grafana, dir, file), 'utf8')).apiVersion).toBe(1);
      }
    }
    const prometheus = parse(
      readFileSync(path.join(repo, 'observability/prometheus/prometheus.yml'), 'utf8'),
    );
    expect(prometheus.scrape_configs[0].metrics_path).toBe('/metrics');
    const dashboards = readdirSync(path.join(grafana, 'dashboards'));
    // One per context (a context added later brings its own file; this list only grows).
    expect(dashboards).toEqual(
      expect.arrayContaining(
        ['booking', 'calendar', 'identity', 'notifications', 'payment-provider', 'platform'].map(
          (c) => `${c}.json`,
        ),
      ),
    );
    for (const file of dashboards) {
      const dashboard = JSON.parse(readFileSync(path.join(grafana, 'dashboards', file), 'utf8'));
      const exprs: string[] = dashboard.panels.flatMap((panel: { targets: { expr: string }[] }) =>
        panel.targets.map((t) => t.expr),
      );
      expect(exprs.length).toBeGreaterThan(0);
      for (const expr of exprs) {
        const names = [...expr.matchAll(/\bsyncore_[a-z0-9_]+/g)].map((m) =>
          m[0].replace(/_(bucket|sum|count)$/, ''),
        );
        expect(names.length).toBeGreaterThan(0);
        for (const name of names)
          expect({ file, name, exposed: exposed.has(name) }).toEqual({ file, name, exposed: true });
      }
    }
  });
});
