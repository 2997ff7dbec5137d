// `npm run bench -- cart-get [--items 20] [--iterations 3] [--latency 150]`
// GET /cart with `items` different SKUs, product names and prices from the product service simulator
// (served by the local runtime, `latency` ms added per request with its fault knob):
// 1. the cart's use case in process, lookups pooled (4 at once) vs sequential (1 at once), same run, cold
//    cache (every lookup reaches the simulator) and warm cache (DynamoDB only): latency per GET /cart;
// 2. the request rate the simulator saw meanwhile (its own per-second counters): the shared limiter's
//    ceiling of 10 per second holds whatever the concurrency;
// 3. GET /cart over HTTP through the local runtime (the real function), cold and warm.
// Prints one JSON document on stdout; progress goes to stderr. Loopback traffic only.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb } from '#platform/db/client';
import { addToCart } from '../functions/cart/adapters/cart.repository.js';
import { dynamoProductCache } from '../functions/cart/adapters/product-cache.js';
import { productServiceClient } from '../functions/cart/adapters/product-service.client.js';
import { dynamoSlotStore, slotRateLimiter } from '../functions/cart/adapters/rate-limiter.js';
import { getCart } from '../functions/cart/get-cart.js';
import { limiterKey } from '../functions/cart/runtime.js';
import { FIRST_SKU } from '../functions/product-service/domain/catalogue.js';
import { LOCAL_AWS_CREDENTIALS, REGION } from '../local/config.js';
import { disposeStack, type Stack, startStack } from '../tests/support/stack.js';
import { registerBenchUser } from './support/api.js';

const { values } = parseArgs({
  options: {
    items: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '3' },
    latency: { type: 'string', default: '150' },
  },
});
const ITEMS = Math.min(Number(values.items), 100);
const ITERATIONS = Number(values.iterations);
const LATENCY_MS = Number(values.latency);
const progress = (line: string) => process.stderr.write(`[cart-get] ${line}\n`);
const round1 = (n: number) => Math.round(n * 10) / 10;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

let stack: Stack | undefined;
try {
  progress('starting the local runtime');
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'syncore-bench-'));
  await fs.chmod(dataDir, 0o755);
  stack = await startStack({ dataDir });
  const state = await stack.state();
  const secrets = JSON.parse(await fs.readFile(path.join(dataDir, 'secrets.json'), 'utf8'));
  const token: string = secrets.PRODUCT_SERVICE_TOKEN;
  // The in-process part uses the stack's PostgreSQL and DynamoDB, as its functions do.
  Object.assign(process.env, {
    DATABASE_URL: state.databaseUrl,
    DYNAMODB_ENDPOINT: state.dynamodbEndpoint,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: LOCAL_AWS_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_AWS_CREDENTIALS.secretAccessKey,
    JWT_SECRET: secrets.JWT_SECRET,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
  const simulator = `${stack.baseUrl}/product-service`;
  const admin = async (method: string, route: string, body?: unknown) => {
    const response = await fetch(`${simulator}${route}`, {
      method,
      headers: { 'x-product-service-token': token, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`);
    return response.json() as Promise<{
      seconds: Array<{ second: number; requests: number; rejected: number }>;
    }>;
  };

  const { token: bearer, userId } = await registerBenchUser(stack.baseUrl);
  const user = { id: userId };
  const db = createDb(state.databaseUrl, { max: 2 });
  const skus = Array.from({ length: ITEMS }, (_, i) => FIRST_SKU + 500 + i * 37);
  for (const sku of skus) await addToCart(db, user.id, { sku, count: 1, limit: 10_000, maxLines: 100 });
  await admin('PUT', '/admin/faults', { latencyMs: LATENCY_MS });

  const limiter = slotRateLimiter(dynamoSlotStore(limiterKey(token)), { intervalMs: 110 });
  const run = async (concurrency: number, cacheKeyPrefix: string) => {
    const products = productServiceClient({
      baseUrl: simulator,
      token,
      timeoutMs: 5_000,
      retries: 2,
      limiter,
      cache: dynamoProductCache({ ttlSeconds: 600, keyPrefix: cacheKeyPrefix }),
    });
    const started = performance.now();
    const cart = await getCart(
      {
        db,
        products,
        orders: undefined as never,
        deadline: Date.now() + 60_000,
        now: Date.now,
        lookupConcurrency: concurrency,
        maxItems: 100,
      },
      user,
    );
    const ms = performance.now() - started;
    if (cart.items.some((item) => item.error))
      throw new Error(`lookup failed: ${JSON.stringify(cart.items.find((i) => i.error))}`);
    return ms;
  };

  const measure = async (label: string, concurrency: number) => {
    const cold: number[] = [];
    const warm: number[] = [];
    const from = Math.floor(Date.now() / 1000);
    const started = Date.now();
    for (let i = 0; i < ITERATIONS; i += 1) {
      const prefix = `bench:${randomUUID()}`;
      cold.push(await run(concurrency, prefix));
      warm.push(await run(concurrency, prefix));
      progress(`${label}: cold ${round1(cold.at(-1)!)} ms, warm ${round1(warm.at(-1)!)} ms`);
    }
    const seconds = (await admin('GET', `/admin/requests?from=${from}`)).seconds;
    const requests = seconds.reduce((sum, s) => sum + s.requests, 0);
    return {
      concurrency,
      coldMs: { median: round1(median(cold)), all: cold.map(round1) },
      warmMs: { median: round1(median(warm)), all: warm.map(round1) },
      simulator: {
        requests,
        maxPerSecond: Math.max(0, ...seconds.map((s) => s.requests)),
        meanPerSecond: round1(requests / ((Date.now() - started) / 1000)),
        rejected429: seconds.reduce((sum, s) => sum + s.rejected, 0),
      },
    };
  };

  progress(`${ITEMS} items, simulator latency ${LATENCY_MS} ms, ${ITERATIONS} iterations per mode`);
  const sequential = await measure('sequential', 1);
  const pooled = await measure('pooled', 4);

  const viaHttp = async () => {
    const started = performance.now();
    const response = await fetch(`${stack!.baseUrl}/cart`, {
      headers: { authorization: `Bearer ${bearer}` },
    });
    const body = (await response.json()) as { items: Array<{ error?: unknown }> };
    if (response.status !== 200 || body.items.some((item) => item.error)) {
      throw new Error(`GET /cart: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    }
    return round1(performance.now() - started);
  };
  progress('GET /cart through the local runtime');
  const httpCold = await viaHttp();
  const httpWarm = await viaHttp();
  await admin('PUT', '/admin/faults', {});
  await db.destroy();

  const result = {
    bench: 'cart-get',
    items: ITEMS,
    simulatorLatencyMs: LATENCY_MS,
    limiter: { ceilingPerSecond: 10, slotSpacingMs: 110 },
    sequential,
    pooled,
    pooledSpeedupCold: round1(sequential.coldMs.median / pooled.coldMs.median),
    pooledSpeedupWarm: round1(sequential.warmMs.median / pooled.warmMs.median),
    throughLocalRuntime: { coldMs: httpCold, warmMs: httpWarm, lookupConcurrency: 4 },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disposeStack(stack);
}
