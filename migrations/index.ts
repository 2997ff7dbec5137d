import type { Migration } from 'kysely/migration';
import * as identity from './2026112201_identity.js';
import * as notifications from './2026112202_notifications.js';
import * as outbox from './2026112203_outbox.js';
import * as calendar from './2026112210_calendar.js';
import * as booking from './2026112220_booking.js';
import * as bookingPaymentProvider from './2026112221_booking_payment_provider.js';
import * as calendarSpanIndex from './2026112230_calendar_span_index.js';
import * as outboxAttempts from './2026112240_outbox_attempts.js';
import * as bookingCancellationPolicy from './2026112260_booking_1_cancellation_policy.js';
import * as bookingUnappliedPayments from './2026112260_booking_2_unapplied_payments.js';
import * as bookingMoneyBigint from './2026112260_booking_3_money_bigint.js';
import * as bookingProviderIdempotencyKey from './2026112260_booking_4_provider_idempotency_key.js';
import * as meetings from './2026113010_meetings.js';
import * as meetingsDefaultReminders from './2026113010_meetings_2_default_reminders.js';
import * as outboxFifo from './2026113020_1_outbox_fifo.js';
import * as orders from './2026113020_2_orders.js';
import * as productService from './2026113025_1_product_service.js';
import * as cart from './2026113025_2_cart.js';
import * as campaigns from './2026113030_campaigns.js';
import * as outboxLease from './2026113040_outbox_lease.js';
import * as bookingHoldOrigin from './2026113050_booking_hold_origin.js';
import * as outboxTraceparent from './2026113060_outbox_traceparent.js';
import * as deliveryTelegram from './2026113070_delivery_telegram.js';
import * as campaignsClosing from './2026120030_campaigns_closing.js';
import * as bookingCapStripes from './2026120040_booking_cap_stripes.js';
import * as calendarEventCounts from './2026120050_calendar_event_counts.js';
import * as campaignsResumeCount from './2026120060_campaigns_resume_count.js';

/**
 * Every migration, in order. Applied migrations never change: add a new file and list it here.
 * Listed statically so bundled Lambdas and the local runtime share one source of truth.
 */
export const migrations: Record<string, Migration> = {
  '2026112201_identity': identity,
  '2026112202_notifications': notifications,
  '2026112203_outbox': outbox,
  '2026112210_calendar': calendar,
  '2026112220_booking': booking,
  '2026112221_booking_payment_provider': bookingPaymentProvider,
  '2026112230_calendar_span_index': calendarSpanIndex,
  '2026112240_outbox_attempts': outboxAttempts,
  '2026112260_booking_1_cancellation_policy': bookingCancellationPolicy,
  '2026112260_booking_2_unapplied_payments': bookingUnappliedPayments,
  '2026112260_booking_3_money_bigint': bookingMoneyBigint,
  '2026112260_booking_4_provider_idempotency_key': bookingProviderIdempotencyKey,
  '2026113020_1_outbox_fifo': outboxFifo,
  '2026113020_2_orders': orders,
  '2026113025_1_product_service': productService,
  '2026113025_2_cart': cart,
  '2026113030_campaigns': campaigns,
  '2026113040_outbox_lease': outboxLease,
  '2026113070_delivery_telegram': deliveryTelegram,
  '2026113010_meetings': meetings,
  '2026113010_meetings_2_default_reminders': meetingsDefaultReminders,
  '2026113050_booking_hold_origin': bookingHoldOrigin,
  '2026113060_outbox_traceparent': outboxTraceparent,
  '2026120030_campaigns_closing': campaignsClosing,
  '2026120040_booking_cap_stripes': bookingCapStripes,
  '2026120050_calendar_event_counts': calendarEventCounts,
  '2026120060_campaigns_resume_count': campaignsResumeCount,
};
