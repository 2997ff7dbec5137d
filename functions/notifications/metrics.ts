import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** Notifications' business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const notificationGauges = [
  sqlGauge({
    name: 'syncore_notifications',
    help: 'Stored notifications by source context and read state.',
    labels: ['source', 'state'],
    query: (db) =>
      db
        .selectFrom('notifications')
        .select([
          'source',
          sql<string>`case when read_at is null then 'unread' else 'read' end`.as('state'),
          (eb) => eb.fn.countAll<string>().as('value'),
        ])
        .groupBy(['source', sql`2`])
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_notifications_stored_last_hour',
    help: 'Notifications stored in the last hour, by source context.',
    labels: ['source'],
    query: (db) =>
      db
        .selectFrom('notifications')
        .select(['source', (eb) => eb.fn.countAll<string>().as('value')])
        .where('created_at', '>', sql<Date>`now() - interval '1 hour'`)
        .groupBy('source')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_notification_deliveries',
    help: 'Deliveries by channel and status (queued, sending, sent, failed, skipped).',
    labels: ['channel', 'status'],
    query: (db) =>
      db
        .selectFrom('notification_deliveries')
        .select(['channel', 'status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy(['channel', 'status'])
        .execute(),
  }),
];
