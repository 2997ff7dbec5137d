import { sqlGauge } from '#platform/telemetry/gauges';

/** Campaigns' business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const campaignGauges = [
  sqlGauge({
    name: 'syncore_campaigns_messages',
    help: 'Campaign messages by status, from the per-mailing counters (cheap at any size).',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('campaign_mailing_counts')
        .select(['status', (eb) => eb.fn.coalesce(eb.fn.sum<string>('count'), eb.lit(0)).as('value')])
        .groupBy('status')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_campaigns_clients',
    help: 'Clients in all audiences.',
    labels: [],
    query: (db) =>
      db
        .selectFrom('campaign_clients')
        .select((eb) => eb.fn.countAll<string>().as('value'))
        .execute(),
  }),
];
