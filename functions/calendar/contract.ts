import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

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
      z.object({ title: z.string(), startsAt: z.string(), endsAt: z.string(), allDay: z.boolean() }),
    ),
  }),
});
