import { z } from 'zod';
import { lazyConfig, parseEnv } from '#platform/config';

export const meetingsConfig = lazyConfig(() =>
  parseEnv(
    z.object({
      /** Reminders overdue by more than this are skipped instead of sent late. */
      MEETING_REMINDER_GRACE_MINUTES: z.coerce.number().int().min(1).default(60),
      /** Reminder rows claimed per scheduler transaction. */
      MEETING_REMINDER_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
      /** How long a cached group schedule lives (it is also replaced on every change, by key). */
      SCHEDULE_CACHE_TTL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
      /** Find-a-time proposes starts on this grid. */
      AVAILABILITY_STEP_MINUTES: z.coerce.number().int().min(5).max(240).default(30),
    }),
  ),
);
