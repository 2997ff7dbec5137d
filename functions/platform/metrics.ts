import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** The platform's own gauges: the transactional outbox (layers/platform/messaging/outbox.ts). */
export const platformGauges = [
  sqlGauge({
    name: 'syncore_outbox_pending_messages',
    help: 'Outbox rows waiting to be sent, by queue (not set aside).',
    labels: ['queue'],
    query: (db) =>
      db
        .selectFrom('outbox')
        .select(['queue', (eb) => eb.fn.countAll<string>().as('value')])
        .where('set_aside_at', 'is', null)
        .groupBy('queue')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_outbox_oldest_pending_age_seconds',
    help: 'Age of the oldest outbox row waiting to be sent, by queue.',
    labels: ['queue'],
    query: (db) =>
      db
        .selectFrom('outbox')
        .select(['queue', sql<number>`extract(epoch from now() - min(created_at))`.as('value')])
        .where('set_aside_at', 'is', null)
        .groupBy('queue')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_outbox_set_aside_messages',
    help: 'Outbox rows set aside after repeated permanent refusals (redriveOutbox puts them back).',
    labels: ['queue'],
    query: (db) =>
      db
        .selectFrom('outbox')
        .select(['queue', (eb) => eb.fn.countAll<string>().as('value')])
        .where('set_aside_at', 'is not', null)
        .groupBy('queue')
        .execute(),
  }),
];
