import { sqlGauge } from '#platform/telemetry/gauges';

/** Orders' (LOMS) business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const ordersGauges = [
  sqlGauge({
    name: 'syncore_orders_orders',
    help: 'Orders by status (awaiting_payment holds reserved stock).',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('orders')
        .select(['status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('status')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_orders_reserved_units',
    help: 'Stock units reserved by unpaid orders, over all SKUs.',
    labels: [],
    query: (db) =>
      db
        .selectFrom('stocks')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('reserved'), eb.lit(0)).as('value'))
        .execute(),
  }),
];
