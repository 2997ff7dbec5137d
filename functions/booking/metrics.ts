import { sqlGauge } from '#platform/telemetry/gauges';

/** Booking's business gauges on /metrics (collected in functions/platform/metric-gauges.ts). */
export const bookingGauges = [
  sqlGauge({
    name: 'syncore_booking_bookings',
    help: 'Bookings by status (pending_payment = holds waiting for payment).',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('bookings')
        .select(['status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('status')
        .execute(),
  }),
  sqlGauge({
    name: 'syncore_booking_payments',
    help: 'Payments by status.',
    labels: ['status'],
    query: (db) =>
      db
        .selectFrom('payments')
        .select(['status', (eb) => eb.fn.countAll<string>().as('value')])
        .groupBy('status')
        .execute(),
  }),
];
