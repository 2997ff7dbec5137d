import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/** The published contract of the identity context for other entry points (the Telegram bot). */
export const SetUserTimeZone = syncContract({
  functionKey: 'setUserTimeZoneContract',
  request: z.strictObject({ userId: z.uuid(), timeZone: z.string().min(1).max(64) }),
  response: z.object({ timeZone: z.string() }),
});

/** Where and when to reach a user: their e-mail and zone (notification delivery, quiet hours). */
export const GetUserContact = syncContract({
  functionKey: 'getUserContactContract',
  request: z.strictObject({ userId: z.uuid() }),
  response: z.object({ email: z.string(), timeZone: z.string() }),
});
