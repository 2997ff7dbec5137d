import { z } from 'zod';
import { Role } from '#platform/auth/tokens';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the identity context: what other contexts may ask about users (lookupUsers,
 * a synchronous invoke) and what identity announces (the `user-registered` queue).
 */

const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;
const HHMM = z.string().regex(HHMM_PATTERN, 'Expected a time as HH:MM (00:00–23:59).');

/** The hours a user can be booked into meetings, in their own time zone; days are ISO (1 = Monday … 7 = Sunday). */
export const WorkingHours = z
  .strictObject({
    start: HHMM,
    end: HHMM,
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
  })
  // Only once both are well-formed (zod runs object refinements even when a field failed).
  .refine(
    (hours) => !HHMM_PATTERN.test(hours.start) || !HHMM_PATTERN.test(hours.end) || hours.start < hours.end,
    {
      message: 'end must be after start.',
      path: ['end'],
    },
  )
  .refine((hours) => new Set(hours.days).size === hours.days.length, {
    message: 'Each day at most once.',
    path: ['days'],
  });
export type WorkingHours = z.infer<typeof WorkingHours>;

/** Minutes before a meeting; used for meetings created without reminders of their own. */
export const DefaultReminders = z
  .array(z.number().int().min(0).max(40_320))
  .max(5)
  .refine((list) => new Set(list).size === list.length, { message: 'Each reminder offset at most once.' });

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: '09:00', end: '18:00', days: [1, 2, 3, 4, 5] };

export const UserSummary = z.object({
  id: z.uuid(),
  email: z.string(),
  /** What the user may do (a hotelier cannot book): other contexts apply their rules to it. */
  role: Role,
  displayName: z.string().optional(),
  timeZone: z.string(),
  workingHours: WorkingHours,
  /** null: not set (the meeting's or the system default applies). */
  defaultReminders: z.array(z.number().int()).nullable(),
});
export type UserSummary = z.infer<typeof UserSummary>;

/** Users by e-mail (lower-cased) or by id; unknown ones are simply absent from the answer. */
export const LookupUsers = syncContract({
  functionKey: 'lookupUsersContract',
  request: z.union([
    z.strictObject({ emails: z.array(z.string().max(254)).min(1).max(500) }),
    z.strictObject({ ids: z.array(z.uuid()).min(1).max(500) }),
  ]),
  response: z.object({ users: z.array(UserSummary) }),
});

/** Sent through identity's outbox in the same transaction as the registration. */
export const UserRegistered = z.object({
  type: z.literal('user.registered'),
  userId: z.uuid(),
  email: z.string(),
  registeredAt: z.iso.datetime({ offset: true }),
});
export type UserRegistered = z.infer<typeof UserRegistered>;

export const userRegisteredQueue = { name: 'user-registered', schema: UserRegistered } as const;

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
