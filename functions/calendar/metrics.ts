import { sql } from 'kysely';
import { sqlGauge } from '#platform/telemetry/gauges';

/** Calendar's business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const calendarGauges = [
  sqlGauge({
    name: 'syncore_calendar_events',
    help: 'Calendar events stored.',
    labels: [],
    query: (db) =>
      db
        .selectFrom('calendar_events')
        .select((eb) => eb.fn.countAll<string>().as('value'))
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_calendar_reminders',
    help: 'Reminders with a next occurrence: due now (the dispatcher is behind if this stays above 0) or later.',
    labels: ['state'],
    // The partial index on due_at keeps both counts index-only.
    query: (db) =>
      db
        .selectFrom('calendar_reminders')
        .select([
          sql<string>`case when due_at <= now() then 'due' else 'scheduled' end`.as('state'),
          (eb) => eb.fn.countAll<string>().as('value'),
        ])
        .where('due_at', 'is not', null)
        .groupBy(sql`1`)
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_calendar_reminders_oldest_due_seconds',
    help: 'Age of the oldest reminder that is due and not yet sent (0 when none).',
    labels: [],
    query: (db) =>
      db
        .selectFrom('calendar_reminders')
        .select(sql<number>`coalesce(extract(epoch from now() - min(due_at)), 0)`.as('value'))
        .where('due_at', '<=', sql<Date>`now()`)
        .execute(),
  }),
];
