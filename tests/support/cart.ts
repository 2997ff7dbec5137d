/**
 * Test support for the cart and the product service simulator: the simulator's real handlers behind a
 * loopback HTTP server (so the cart's client talks real HTTP to it), a stand-in for the orders context
 * built on its published contract (its real handlers reach it through `fakeLambdaApi`, tests/support/contracts.ts).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { contractHandler, invoker } from '#platform/contracts/invoke';
import { getDb } from '#platform/db/index';
import { AppError } from '#platform/errors';
import { dynamoProductCache } from '../../functions/cart/adapters/product-cache.js';
import { productServiceClient } from '../../functions/cart/adapters/product-service.client.js';
import {
  dynamoSlotStore,
  type SlotStore,
  slotRateLimiter,
} from '../../functions/cart/adapters/rate-limiter.js';
import type { CartDeps } from '../../functions/cart/deps.js';
import { limiterKey } from '../../functions/cart/runtime.js';
import { CreateOrder, GetStocks, type OrderLine } from '../../functions/orders/contract.js';
import { handler as getProduct } from '../../functions/product-service/handlers/http/get-product.js';
import { handler as requestCounts } from '../../functions/product-service/handlers/http/get-request-counts.js';
import { handler as listSkus } from '../../functions/product-service/handlers/http/list-skus.js';
import { handler as setFaults } from '../../functions/product-service/handlers/http/set-faults.js';
import { seedProductService } from '../../local/seeds/product-service.js';
import { directTransport } from './contracts.js';
import { callHttp } from './http-event.js';

export { FIRST_SKU, LAST_SKU } from '../../functions/product-service/domain/catalogue.js';

/**
 * Gives this test file its own product service token (before any config is read): the simulator keys
 * its per-second counters and fault knobs by token, so test files running in parallel never share them.
 */
export function useOwnProductServiceToken(): string {
  const token = `test-${randomBytes(16).toString('hex')}`;
  process.env.PRODUCT_SERVICE_TOKEN = token;
  process.env.PRODUCT_SERVICE_SIMULATOR = 'true';
  return token;
}

export async function seedCatalogue(): Promise<void> {
  await seedProductService({ db: await getDb(), log: () => undefined });
}

type Handler = Parameters<typeof callHttp>[0];

async function readBody(req: IncomingMessage) {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The simulator's real handlers on a loopback port: what the cart reaches over HTTP. */
export async function productServiceBridge() {
  const routes: Array<[string, RegExp, Handler, (m: RegExpMatchArray) => Record<string, string>]> = [
    ['GET', /^\/product-service\/products\/([^/]+)$/, getProduct, (m) => ({ sku: m[1]! })],
    ['GET', /^\/product-service\/skus$/, listSkus, () => ({})],
    ['PUT', /^\/product-service\/admin\/faults$/, setFaults, () => ({})],
    ['GET', /^\/product-service\/admin\/requests$/, requestCounts, () => ({})],
  ];
  // Requests still being answered (a latency fault keeps one sleeping after its client gave up): close()
  // waits for them, so no timer of this file outlives it.
  let inFlight = 0;
  let idle: (() => void) | undefined;
  const server: Server = createServer(async (req, res) => {
    inFlight++;
    try {
      await serve(req, res);
    } finally {
      if (--inFlight === 0) idle?.();
    }
  });
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const body = await readBody(req);
    const route = routes
      .map(
        ([method, pattern, handler, params]) =>
          [method, url.pathname.match(pattern), handler, params] as const,
      )
      .find(([method, match]) => match && method === req.method);
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    const query = Object.fromEntries(url.searchParams);
    const response = await callHttp(route[2], {
      method: req.method,
      path: url.pathname,
      body: body || undefined,
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)])),
      query: Object.keys(query).length ? query : undefined,
      params: route[3](route[1]!),
    });
    res
      .writeHead(response.status, {
        'content-type': String(response.headers['content-type'] ?? 'application/json'),
        ...(response.headers['retry-after']
          ? { 'retry-after': String(response.headers['retry-after']) }
          : {}),
      })
      .end(response.raw);
  };
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const baseUrl = `${origin}/product-service`;
  const token = () => process.env.PRODUCT_SERVICE_TOKEN!;
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { 'x-product-service-token': token(), 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  return {
    origin,
    baseUrl,
    setFaults: (faults: { errorRate?: number; errorStatus?: number; latencyMs?: number }) =>
      admin('PUT', '/admin/faults', faults),
    /** Requests the simulator counted per second for this file's token, since `fromSecond`. */
    counts: async (fromSecond: number) =>
      (
        (await admin('GET', `/admin/requests?from=${fromSecond}`)) as {
          seconds: Array<{ second: number; requests: number; rejected: number }>;
        }
      ).seconds,
    close: async () => {
      if (inFlight > 0) await new Promise<void>((resolve) => (idle = resolve));
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
    },
  };
}

export const nowSecond = () => Math.floor(Date.now() / 1000);

/**
 * A stand-in for the orders context, served from the real contract (`contractHandler`), so both sides
 * validate the same schemas. Stock per SKU (default 100); `mode` decides what createOrder does.
 */
export function ordersDouble(stock: Record<number, number> = {}) {
  const state = {
    mode: 'create' as 'create' | 'fail-stock' | 'crash' | 'reject',
    created: [] as Array<{ userId: string; items: OrderLine[]; idempotencyKey?: string; orderId: string }>,
    stockQueries: 0,
  };
  const byKey = new Map<string, string>();
  const available = (sku: number) => stock[sku] ?? 100;
  const createOrder = contractHandler(CreateOrder, async (input) => {
    if (state.mode === 'crash') throw new Error('orders database down');
    if (state.mode === 'reject') throw new AppError(400, 'ORDERS.INVALID', 'rejected by the double');
    if (state.mode === 'fail-stock') return { orderId: randomUUID(), status: 'failed' as const };
    const known = input.idempotencyKey ? byKey.get(input.idempotencyKey) : undefined;
    if (known) return { orderId: known, status: 'awaiting_payment' as const };
    const orderId = randomUUID();
    if (input.idempotencyKey) byKey.set(input.idempotencyKey, orderId);
    state.created.push({ ...input, orderId });
    return { orderId, status: 'awaiting_payment' as const };
  });
  const getStocks = contractHandler(GetStocks, async ({ skus }) => {
    state.stockQueries += 1;
    return { stocks: skus.map((sku) => ({ sku, available: available(sku) })) };
  });
  const functions = { [CreateOrder.functionKey]: createOrder, [GetStocks.functionKey]: getStocks };
  return { state, functions, invoke: invoker(directTransport(functions)) };
}

/** Send slots 125 ms apart in tests: 1000/10 plus a margin, as PRODUCT_SERVICE_SLOT_MARGIN_MS adds. */
export const LIMITER_INTERVAL_MS = 125;

/** The store as is; each reservation it accepts (a swap to `next`) records the slot it gave: next − interval. */
function recordingSlots(store: SlotStore, slots: number[] | undefined): SlotStore {
  if (!slots) return store;
  return {
    read: () => store.read(),
    async swap(expected, next) {
      const taken = await store.swap(expected, next);
      if (taken) slots.push(next - LIMITER_INTERVAL_MS);
      return taken;
    },
  };
}

/**
 * The cart's dependencies against the real database and DynamoDB, the simulator over loopback HTTP
 * and the orders double. Each call builds a new client (a "container"); they share the limiter record
 * of this file's token, as the cart functions of one deployment do.
 */
export async function cartDepsFor(
  bridge: { baseUrl: string },
  orders: ReturnType<typeof ordersDouble>,
  overrides: Partial<CartDeps> & {
    cacheKeyPrefix?: string;
    timeoutMs?: number;
    retries?: number;
    /** Collects the send slot (epoch ms) every limiter reservation of this client took. */
    slots?: number[];
  } = {},
): Promise<CartDeps> {
  const { cacheKeyPrefix, timeoutMs, retries, slots, ...rest } = overrides;
  const token = process.env.PRODUCT_SERVICE_TOKEN!;
  return {
    db: await getDb(),
    products: productServiceClient({
      baseUrl: bridge.baseUrl,
      token,
      timeoutMs: timeoutMs ?? 2_000,
      retries: retries ?? 2,
      limiter: slotRateLimiter(recordingSlots(dynamoSlotStore(limiterKey(token)), slots), {
        intervalMs: LIMITER_INTERVAL_MS,
      }),
      cache: dynamoProductCache({ ttlSeconds: 60, keyPrefix: cacheKeyPrefix ?? `test:${randomUUID()}` }),
      backoff: { initialDelay: 20, maxDelay: 100 },
    }),
    orders: orders.invoke,
    deadline: Date.now() + 20_000,
    now: () => Date.now(),
    lookupConcurrency: 4,
    maxItems: 100,
    ...rest,
  };
}
