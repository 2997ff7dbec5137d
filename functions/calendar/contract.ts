import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the calendar context. getBusyIntervals answers when users are busy (their
 * events, recurring ones expanded) and nothing else: no titles, no ids, no descriptions.
 */
const Instant = z.iso.datetime({ offset: true });

export const BusyInterval = z.object({ start: Instant, end: Instant });

export const GetBusyIntervals = syncContract({
  functionKey: 'getBusyIntervalsContract',
  request: z
    .strictObject({ userIds: z.array(z.uuid()).min(1).max(200), from: Instant, to: Instant })
    .refine((input) => Date.parse(input.from) < Date.parse(input.to), { message: 'from must be before to.' })
    .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 62 * 86_400_000, {
      message: 'At most 62 days.',
    }),
  /** Per user, merged and sorted intervals clipped to [from, to). */
  response: z.object({
    busy: z.array(z.object({ userId: z.uuid(), intervals: z.array(BusyInterval) })),
  }),
});

/**
 * The published contract of the calendar context. listPeriodForUser gives other entry points (the
 * Telegram bot) a user's day or week, in the user's own zone, as the HTTP views do.
 */
export const ListPeriodForUser = syncContract({
  functionKey: 'listPeriodForUserContract',
  request: z.strictObject({
    userId: z.uuid(),
    kind: z.enum(['day', 'week']),
    /** YYYY-MM-DD; today in the user's zone when absent. */
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
  }),
  response: z.object({
    timeZone: z.string(),
    items: z.array(
      z.object({
        /** A meeting the user attends, or one of their own events (absent from older callees: an event). */
        kind: z.enum(['event', 'meeting']).default('event'),
        title: z.string(),
        startsAt: z.string(),
        endsAt: z.string(),
        allDay: z.boolean(),
      }),
    ),
  }),
});
