import { z } from 'zod';

/**
 * The published contract of the notifications pipeline. Every context (calendar, booking, shop, ...)
 * sends these messages to the `notifications` queue; the storer saves each one once, keyed by
 * `notificationId`, and delivery channels read them from there.
 */
export const Channel = z.enum(['in_app', 'telegram', 'email']);
export type Channel = z.infer<typeof Channel>;

export const NotificationMessage = z.object({
  /** Deterministic id built by the producer from what makes the notification unique, e.g.
   * `calendar:reminder:<event>:<occurrence>:<offset>:<user>`. A duplicate send inserts nothing. */
  notificationId: z.string().min(1).max(300),
  recipientId: z.uuid(),
  /** The producing context. */
  source: z.string().min(1).max(40),
  /** What happened, e.g. `calendar.reminder`, `booking.confirmed`. */
  type: z.string().min(1).max(80),
  title: z.string().min(1).max(300),
  body: z.string().max(4000).optional(),
  /** Structured details for clients (ids, dates). */
  data: z.record(z.string(), z.unknown()).default({}),
  /** When the notification was due (its lag is measured from here). */
  dueAt: z.iso.datetime({ offset: true }),
  channels: z.array(Channel).min(1).default(['in_app']),
});

export type NotificationMessage = z.infer<typeof NotificationMessage>;

export const notificationsQueue = { name: 'notifications', schema: NotificationMessage } as const;
