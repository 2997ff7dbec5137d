import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/** The published contract of the identity context for other entry points (the Telegram bot). */
export const SetUserTimeZone = syncContract({
  functionKey: 'setUserTimeZoneContract',
  request: z.strictObject({ userId: z.uuid(), timeZone: z.string().min(1).max(64) }),
  response: z.object({ timeZone: z.string() }),
});
