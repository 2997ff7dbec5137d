import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** The payment provider simulator's gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const paymentProviderGauges = [
  sqlGauge({
    name: 'syncore_payment_provider_payments',
    help: 'Simulated provider payments by status.',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('provider_payments')
        .select(['status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('status')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_payment_provider_webhook_deliveries',
    help: 'Webhook deliveries of the simulator: delivered or still pending.',
    labels: ['state'],
    query: (db) =>
      db
        .selectFrom('provider_webhook_deliveries')
        .select([
          sql<string>`case when delivered_at is null then 'pending' else 'delivered' end`.as('state'),
          (eb) => eb.fn.countAll<string>().as('value'),
        ])
        .groupBy(sql`1`)
        .execute(),
  }),
];
