// `npm run bench -- orders-create [--orders 2000] [--clients 10]`
// Order creation through the local runtime: `clients` concurrent buyers POST /orders (one line of a demo
// SKU each, spread over the seeded SKUs) until `orders` were created: throughput, p50/p99, and that the
// stock moved by exactly what was ordered. Then the hot-SKU case: every order for the same SKU.
// Baselines in the same run: GET /stocks/{sku} through the same runtime (one authenticated read: the
// runtime's floor), and the same reservation transaction sent straight to PostgreSQL by `clients`
// connections (no HTTP, no Lambda: the database's floor). Prints one JSON document on stdout.
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { disposeStack } from '../tests/support/stack.js';
import { closedLoop, registerUser, startBenchStack } from './support/closed-loop.js';

const { values } = parseArgs({
  options: { orders: { type: 'string', default: '2000' }, clients: { type: 'string', default: '10' } },
});
const ORDERS = Number(values.orders);
const CLIENTS = Number(values.clients);
const FIRST_SKU = 1_000_001;
const progress = (line: string) => process.stderr.write(`[orders-create] ${line}\n`);
const load = (total: number, once: (i: number) => Promise<boolean>) => closedLoop(total, CLIENTS, once);

progress('starting the local runtime');
const { stack } = await startBenchStack();
try {
  const { baseUrl } = stack;
  const state = await stack.state();
  const { token, user } = await registerUser(baseUrl);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const pool = new pg.Pool({ connectionString: state.databaseUrl, max: CLIENTS });
  pool.on('error', () => undefined);
  const stockSum = async () =>
    Number((await pool.query('select coalesce(sum(reserved), 0) as r from stocks')).rows[0].r);

  const createOrder = async (sku: number) => {
    const response = await fetch(`${baseUrl}/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ items: [{ sku, count: 1 }] }),
    });
    const body = (await response.json()) as { status?: string };
    return response.status === 201 ? (body.status ?? 'none') : `http ${response.status}`;
  };

  progress('warming up');
  await load(100, async (i) => (await createOrder(FIRST_SKU + 5000 + i)) === 'awaiting_payment');

  progress(`${ORDERS} orders over spread SKUs, ${CLIENTS} clients`);
  const reservedBefore = await stockSum();
  const statuses: Record<string, number> = {};
  const spread = await load(ORDERS, async (i) => {
    const status = await createOrder(FIRST_SKU + (i % 5000));
    statuses[status] = (statuses[status] ?? 0) + 1;
    return status === 'awaiting_payment';
  });
  const reservedDelta = (await stockSum()) - reservedBefore;

  progress('hot SKU: every order for one SKU (row-lock contention)');
  const hotSku = FIRST_SKU + 9_999; // the seed gives it 1 + … units: mostly `failed`, which is the point
  await pool.query('update stocks set total = $2, reserved = 0 where sku = $1', [hotSku, ORDERS]);
  const hot = await load(ORDERS, async () => (await createOrder(hotSku)) !== 'none');
  const hotRow = (await pool.query('select total, reserved from stocks where sku = $1', [hotSku])).rows[0];

  progress('baseline: GET /stocks/{sku} through the same runtime');
  const read = await load(ORDERS, async (i) => {
    const response = await fetch(`${baseUrl}/stocks/${FIRST_SKU + (i % 5000)}`, { headers });
    await response.arrayBuffer();
    return response.status === 200;
  });

  progress('baseline: the reservation transaction straight to PostgreSQL');
  const raw = await load(ORDERS, async (i) => {
    const sku = FIRST_SKU + 6_000 + (i % 3_000); // SKUs the runs above did not touch
    const client = await pool.connect();
    try {
      await client.query('begin');
      const order = await client.query(
        `insert into orders (user_id, status, status_seq) values ($1, 'new', 1) returning id`,
        [user.id],
      );
      const id = order.rows[0].id;
      await client.query('insert into order_items (order_id, sku, count) values ($1, $2, 1)', [id, sku]);
      const reserved = await client.query(
        'update stocks set reserved = reserved + 1 where sku = $1 and total - reserved >= 1',
        [sku],
      );
      await client.query(`update orders set status = 'awaiting_payment', status_seq = 2 where id = $1`, [id]);
      await client.query('commit');
      return reserved.rowCount === 1;
    } finally {
      client.release();
    }
  });
  await pool.end();

  const result = {
    bench: 'orders-create',
    machine: { cpus: os.cpus().length, node: process.version },
    createOrder: {
      ...spread,
      statuses,
      reservedUnitsAdded: reservedDelta,
      stockMovedExactly: reservedDelta === (statuses.awaiting_payment ?? 0),
    },
    createOrderHotSku: {
      ...hot,
      stock: {
        total: hotRow.total,
        reserved: hotRow.reserved,
        neverOversold: hotRow.reserved <= hotRow.total,
      },
    },
    baselines: {
      getStockThroughRuntime: read,
      reservationTransactionRawPg: raw,
      createVsRead: Math.round((spread.perSecond / read.perSecond) * 100) / 100,
      createVsRawPg: Math.round((spread.perSecond / raw.perSecond) * 100) / 100,
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await disposeStack(stack);
}
