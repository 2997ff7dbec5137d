import { z } from 'zod';
import { DateTimeWithOffset, ScheduleStart, TimeZone, Uuid } from '#platform/validation/common';
import { ROLES } from './domain/roles.js';
import { RSVP_STATUSES } from './domain/rsvp.js';

const MAX_RANGE_DAYS = 62;
const DAY_MS = 86_400_000;

export const GroupRole = z.enum(ROLES);
const Email = z
  .email({ message: 'Expected an email address.' })
  .max(254)
  .transform((email) => email.toLowerCase());

export const CreateGroupBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().max(2000).optional(),
  timeZone: TimeZone.optional(),
});
export type CreateGroupInput = z.infer<typeof CreateGroupBody>;

export const UpdateGroupBody = z
  .strictObject({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().max(2000).nullable().optional(),
    timeZone: TimeZone.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change.' });
export type UpdateGroupInput = z.infer<typeof UpdateGroupBody>;

export const AddMemberBody = z.strictObject({
  email: Email,
  role: z.enum(['admin', 'member']).default('member'),
});
export type AddMemberInput = z.infer<typeof AddMemberBody>;

export const UpdateMemberBody = z.strictObject({ role: GroupRole });
export const TransferBody = z.strictObject({ userId: Uuid });

export const GroupMemberParams = z.strictObject({ id: Uuid, userId: Uuid });

const Reminders = z
  .array(z.number().int().min(0).max(40_320))
  .max(5)
  .refine((list) => new Set(list).size === list.length, { message: 'Each reminder offset at most once.' });

export const CreateMeetingBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  /** Not before 1970 and at most 100 years ahead, as calendar events (ScheduleStart). */
  startsAt: ScheduleStart,
  durationMinutes: z
    .number()
    .int()
    .min(1, 'At least 1 minute.')
    .max(1440, 'At most 24 hours (1440 minutes).'),
  timeZone: TimeZone,
  recurrence: z.string().max(500).optional(),
  location: z.string().max(500).optional(),
  description: z.string().max(4000).optional(),
  /** Members' user ids; default: every member of the group. The organizer always attends. */
  attendees: z.array(Uuid).max(500).optional(),
  /** Minutes before each occurrence; without it each attendee gets their own default (PATCH /me), else [15]. */
  reminders: Reminders.optional(),
});
export type CreateMeetingInput = z.infer<typeof CreateMeetingBody>;

export const UpdateMeetingBody = z
  .strictObject({
    title: z.string().trim().min(1).max(200).optional(),
    startsAt: ScheduleStart.optional(),
    durationMinutes: z
      .number()
      .int()
      .min(1, 'At least 1 minute.')
      .max(1440, 'At most 24 hours (1440 minutes).')
      .optional(),
    timeZone: TimeZone.optional(),
    recurrence: z.string().max(500).nullable().optional(),
    location: z.string().max(500).nullable().optional(),
    description: z.string().max(4000).nullable().optional(),
    /** null: each attendee's own default from now on. */
    reminders: Reminders.nullable().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one field to change.' });
export type UpdateMeetingInput = z.infer<typeof UpdateMeetingBody>;

export const IfMatchHeaders = z.object({
  'if-match': z
    .string()
    .optional()
    .meta({ description: 'The ETag of the version you read; 412 if it is no longer current.' }),
});

export const RsvpBody = z.strictObject({
  status: z.enum(['accepted', 'declined', 'tentative']),
  comment: z.string().max(500).optional(),
  /** Start of one occurrence of a recurring meeting; without it the answer is for the series. */
  occurrence: DateTimeWithOffset.optional(),
});
export type RsvpInput = z.infer<typeof RsvpBody>;

export const AttendeesQuery = z.strictObject({ occurrence: DateTimeWithOffset.optional() });

const Range = {
  from: DateTimeWithOffset,
  to: DateTimeWithOffset,
};
function checkRange(range: { from: string; to: string }, ctx: z.RefinementCtx) {
  const span = Date.parse(range.to) - Date.parse(range.from);
  if (span <= 0) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to must be after from.' });
  else if (span > MAX_RANGE_DAYS * DAY_MS)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RANGE_DAYS} days after from.` });
}

export const ScheduleQuery = z.strictObject(Range).superRefine(checkRange);
export type ScheduleQuery = z.infer<typeof ScheduleQuery>;

export const AvailabilityQuery = z
  .strictObject({
    ...Range,
    durationMinutes: z.coerce
      .number()
      .int()
      .min(1, 'At least 1 minute.')
      .max(1440, 'At most 24 hours (1440 minutes).'),
    /** Comma-separated member ids; default: every member. */
    attendees: z
      .string()
      .max(20_000)
      .transform((text) =>
        text
          .split(',')
          .map((id) => id.trim())
          .filter(Boolean),
      )
      .pipe(z.array(Uuid).min(1).max(200))
      .optional(),
    limit: z.coerce.number().int().min(1).max(50).default(10),
  })
  .superRefine(checkRange);
export type AvailabilityQuery = z.infer<typeof AvailabilityQuery>;

// ---- responses

const Counts = z.object(
  Object.fromEntries(RSVP_STATUSES.map((status) => [status, z.number().int()])) as Record<
    (typeof RSVP_STATUSES)[number],
    z.ZodNumber
  >,
);
const RsvpStatus = z.enum(RSVP_STATUSES);

export const GroupView = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  timeZone: z.string(),
  myRole: GroupRole,
  memberCount: z.number().int(),
  createdAt: z.iso.datetime(),
});
export const GroupListView = z.object({ items: z.array(GroupView) });

export const MemberView = z.object({
  userId: z.uuid(),
  displayName: z.string().optional(),
  email: z.string(),
  role: GroupRole,
  joinedAt: z.iso.datetime(),
});
export const InvitationView = z.object({
  email: z.string(),
  role: GroupRole.meta({ description: 'The role the inviter offered.' }),
  joinsAs: z.literal('member').meta({
    description:
      'The role the address gets when it registers: always `member`, since registering an address does not prove it is yours. An owner/admin promotes them afterwards (PATCH /groups/{id}/members/{userId}); the inviter is notified when the invitation attaches.',
  }),
  invitedAt: z.iso.datetime(),
});
export const MembersView = z.object({
  members: z.array(MemberView),
  pendingInvitations: z
    .array(InvitationView)
    .optional()
    .meta({ description: 'Owners and admins only: absent for a plain member.' }),
});
export const AddMemberResult = z.object({
  status: z.enum(['added', 'invited']),
  member: MemberView.optional(),
  invitation: InvitationView.optional(),
});

export const MeetingView = z.object({
  id: z.uuid(),
  groupId: z.uuid(),
  organizerId: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  startsAt: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  recurrence: z.string().nullable(),
  reminders: z.array(z.number().int()).nullable(),
  attendeeIds: z.array(z.uuid()),
  version: z.number().int(),
  cancelledAt: z.iso.datetime().nullable(),
});

export const AttendeesView = z.object({
  meetingId: z.uuid(),
  occurrence: z.string().optional(),
  attendees: z.array(
    z.object({
      userId: z.uuid(),
      displayName: z.string().optional(),
      status: RsvpStatus,
      comment: z.string().nullable(),
    }),
  ),
  counts: Counts,
});

export const RsvpView = z.object({
  meetingId: z.uuid(),
  userId: z.uuid(),
  status: RsvpStatus,
  comment: z.string().nullable(),
  occurrence: z.string().optional(),
});

export const ScheduleView = z.object({
  groupId: z.uuid(),
  from: z.string(),
  to: z.string(),
  occurrences: z.array(
    z.object({
      meetingId: z.uuid(),
      title: z.string(),
      start: z.string(),
      end: z.string(),
      timeZone: z.string(),
      location: z.string().nullable(),
      counts: Counts,
    }),
  ),
});

export const AvailabilityView = z.object({
  from: z.string(),
  to: z.string(),
  durationMinutes: z.number().int(),
  attendees: z.array(z.uuid()),
  slots: z.array(z.object({ start: z.string(), end: z.string() })),
});
