import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const calendarConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** Reminders overdue by more than this are recorded as skipped instead of sent late. */
      REMINDER_GRACE_MINUTES: z.coerce.number().int().min(1).default(60),
      /** Rows claimed per scheduler transaction. */
      REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(250),
      /** Events whose last occurrence ended longer ago than this are deleted by the daily cleanup. */
      CALENDAR_RETENTION_DAYS: z.coerce.number().int().min(1).default(365),
      /** Events one user may own; one more is a 409 CALENDAR.EVENT_QUOTA_EXCEEDED. */
      CALENDAR_MAX_EVENTS_PER_USER: z.coerce.number().int().min(1).default(10_000),
      /** Events one day/week/month view may expand; more is a 400 CALENDAR.TOO_MANY_EVENTS_IN_VIEW. */
      CALENDAR_MAX_EVENTS_PER_VIEW: z.coerce.number().int().min(1).default(500),
    }),
  ),
);
