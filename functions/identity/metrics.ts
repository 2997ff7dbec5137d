import { sqlGauge } from '#platform/telemetry/gauges';

/** Identity's business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const identityGauges = [
  sqlGauge({
    name: 'syncore_identity_users',
    help: 'Accounts by role.',
    labels: ['role'],
    query: (db) =>
      db
        .selectFrom('users')
        .select(['role', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('role')
        .execute(),
  }),
];
