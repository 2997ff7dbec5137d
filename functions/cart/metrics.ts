import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** The cart's business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const cartGauges = [
  sqlGauge({
    name: 'syncore_cart_items',
    help: 'Cart lines (SKUs in carts) and the carts holding them.',
    labels: ['what'],
    query: async (db) => [
      ...(await db
        .selectFrom('cart_items')
        .select((eb) => [sql<string>`'lines'`.as('what'), eb.fn.countAll<string>().as('value')])
        .execute()),
      ...(await db
        .selectFrom('cart_items')
        .select((eb) => [
          sql<string>`'carts'`.as('what'),
          eb.fn.count<string>('user_id').distinct().as('value'),
        ])
        .execute()),
    ],
  }),
];
