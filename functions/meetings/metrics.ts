import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** Meetings' business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const meetingsGauges = [
  sqlGauge({
    name: 'syncore_meetings_group_members',
    help: 'Group memberships by role.',
    labels: ['role'],
    query: (db) =>
      db
        .selectFrom('meeting_group_members')
        .select(['role', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('role')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_meetings_meetings',
    help: 'Meetings by state (active or cancelled).',
    labels: ['state'],
    query: (db) =>
      db
        .selectFrom('meetings')
        .select([
          sql<string>`case when cancelled_at is null then 'active' else 'cancelled' end`.as('state'),
          (eb) => eb.fn.countAll<string>().as('value'),
        ])
        .groupBy(sql`1`)
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_meetings_rsvps',
    help: 'Series answers of attendees by status (who is coming).',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('meeting_attendees')
        .select(['status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('status')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_meetings_reminders_due',
    help: 'Meeting reminders due now and not yet sent (the dispatcher is behind if this stays above 0).',
    labels: [],
    query: (db) =>
      db
        .selectFrom('meeting_reminders')
        .select((eb) => eb.fn.countAll<string>().as('value'))
        .where('due_at', '<=', sql<Date>`now()`)
        .execute(),
  }),
];
