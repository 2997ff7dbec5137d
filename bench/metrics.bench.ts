// `npm run bench -- metrics [--seconds 20] [--connections 10]`: the issue-13 check. Starts the local
// runtime, sends GET /health and GET /<unknown> (404) from N connections for a while, scrapes /metrics
// during the load and after it, and compares with what the bench itself counted. During the load the
// scrape (at 60 % of the run, past the 10 s scrape cache) lags by what is in flight; after it, the
// numbers must match.
// Prints one JSON document on stdout.
import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { disposeStack, startStack } from '../tests/support/stack.js';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, connections: { type: 'string', default: '10' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const HEALTH = 'syncore_http_requests_total{route="/health",method="GET",status="200"}';
const MISSING = 'syncore_http_requests_total{route="/{proxy+}",method="GET",status="404"}';

const sample = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.slice(series.length + 1) ?? 0,
  );

// Not a `syncore-test-*` dir: a concurrent jest run cleans those up when their owner is not jest.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'syncore-bench-metrics-'));
chmodSync(dataDir, 0o755);
const stack = await startStack({ dataDir });
try {
  const token = JSON.parse(readFileSync(path.join(stack.dataDir, 'secrets.json'), 'utf8')).METRICS_TOKEN;
  const scrape = async () =>
    (await fetch(`${stack.baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } })).text();
  const before = await scrape();
  const sent = { health: 0, missing: 0 };
  const latencies: number[] = [];
  const deadline = Date.now() + seconds * 1000;
  let during:
    | { atMs: number; health: number; missing: number; sentHealth: number; sentMissing: number }
    | undefined;
  const started = Date.now();
  const scrapeDuring = (async () => {
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000 * 3) / 5));
    const text = await scrape();
    during = {
      atMs: Date.now() - started,
      health: sample(text, HEALTH) - sample(before, HEALTH),
      missing: sample(text, MISSING) - sample(before, MISSING),
      sentHealth: sent.health,
      sentMissing: sent.missing,
    };
  })();
  await Promise.all(
    Array.from({ length: connections }, async (_, worker) => {
      for (let i = 0; Date.now() < deadline; i++) {
        const missing = (i + worker) % 4 === 0;
        const t0 = performance.now();
        const response = await fetch(`${stack.baseUrl}${missing ? `/bench-${i}` : '/health'}`);
        await response.body?.cancel();
        latencies.push(performance.now() - t0);
        if (missing) sent.missing += 1;
        else sent.health += 1;
      }
    }),
  );
  await scrapeDuring;
  // The scrape result is cached for 10 s per container: wait for a fresh one after the load.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  const after = await scrape();
  latencies.sort((a, b) => a - b);
  const result = {
    bench: 'metrics',
    seconds,
    connections,
    sent,
    requestsPerSecond: Math.round((sent.health + sent.missing) / seconds),
    p50Ms: Math.round(latencies[Math.floor(latencies.length * 0.5)]!),
    p99Ms: Math.round(latencies[Math.floor(latencies.length * 0.99)]!),
    duringLoad: during,
    afterLoad: {
      health: sample(after, HEALTH) - sample(before, HEALTH),
      missing: sample(after, MISSING) - sample(before, MISSING),
    },
  };
  const exact = result.afterLoad.health === sent.health && result.afterLoad.missing === sent.missing;
  console.log(JSON.stringify({ ...result, countsMatch: exact }, null, 2));
  if (!exact) process.exitCode = 1;
} finally {
  await disposeStack(stack);
}
