import { z } from 'zod';
import { PageQuery } from '#platform/validation/common';

export const ListNotificationsQuery = PageQuery;

export const NotificationView = z.object({
  id: z.string(),
  source: z.string(),
  type: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
  channels: z.array(z.string()).meta({
    description:
      "The channels the producer asked for. The recipient's preferences decide the rest (without a choice, every channel): where it went is in `deliveries`.",
  }),
  dueAt: z.iso.datetime(),
  createdAt: z.iso.datetime(),
  readAt: z.iso.datetime().nullable(),
});

export const NotificationPage = z.object({
  items: z.array(NotificationView),
  nextCursor: z.string().nullable(),
});

// Delivery (issue 10) ------------------------------------------------------------------------------

export const DeliveryView = z.object({
  channel: z.string(),
  status: z.enum(['queued', 'sending', 'sent', 'failed', 'skipped']),
  attempts: z.number().int(),
  lastError: z.string().optional(),
});

export const NotificationWithDeliveries = NotificationView.extend({ deliveries: z.array(DeliveryView) });
export const NotificationPageWithDeliveries = z.object({
  items: z.array(NotificationWithDeliveries),
  nextCursor: z.string().nullable(),
});

const DeliveryChannel = z.enum(['in_app', 'telegram', 'email']);
const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Expected a time as HH:MM (00:00–23:59).');

export const PreferencesBody = z.strictObject({
  /** Channels per notification type (`*` for every type not listed). `in_app` is always kept. */
  channels: z.record(z.string().min(1).max(80), z.array(DeliveryChannel).max(3)).default({}),
  /** In the user's own time zone; deliveries inside wait until the end (reminders are exempt). */
  quietHours: z.strictObject({ start: HHMM, end: HHMM }).nullable().default(null),
});
export type PreferencesBody = z.infer<typeof PreferencesBody>;
export const PreferencesView = PreferencesBody;

/** One delivery attempt of one notification on one channel (the internal `deliveries` queue). */
export const DeliveryJob = z.object({
  notificationId: z.string().min(1).max(300),
  channel: z.enum(['telegram', 'email']),
  /** How many times this job was re-queued after an attempt or a deferral (backoff grows with it). */
  hop: z.number().int().min(0).default(0),
  /**
   * Set when the recipient's quiet hours held the delivery back: when they end. Its max age counts from
   * then, not from when it was stored (waiting for quiet hours is not a failure to deliver).
   */
  quietUntil: z.iso.datetime().optional(),
});
export type DeliveryJob = z.infer<typeof DeliveryJob>;

export const deliveriesQueue = { name: 'deliveries', schema: DeliveryJob } as const;
