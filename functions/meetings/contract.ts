import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the meetings context. The calendar calls listMeetingOccurrences to show
 * the meetings a user attends in their own day/week/month views (occurrences they declined left out).
 */
const Instant = z.iso.datetime({ offset: true });

export const MeetingOccurrence = z.object({
  meetingId: z.uuid(),
  /** The recurring meeting's id for a series, null for a single meeting. */
  seriesId: z.uuid().nullable(),
  group: z.object({ id: z.uuid(), name: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  start: Instant,
  end: Instant,
  timeZone: z.string(),
  /** The user's answer for this occurrence (never `declined`: those are left out). */
  rsvpStatus: z.enum(['needs_action', 'accepted', 'tentative']),
});
export type MeetingOccurrence = z.infer<typeof MeetingOccurrence>;

export const ListMeetingOccurrences = syncContract({
  functionKey: 'listMeetingOccurrencesContract',
  request: z
    .strictObject({ userId: z.uuid(), from: Instant, to: Instant })
    .refine((input) => Date.parse(input.from) < Date.parse(input.to), { message: 'from must be before to.' })
    .refine((input) => Date.parse(input.to) - Date.parse(input.from) <= 62 * 86_400_000, {
      message: 'At most 62 days.',
    }),
  response: z.object({ occurrences: z.array(MeetingOccurrence) }),
});

const Person = z.object({ email: z.string(), name: z.string().optional() });

/** A meeting as the user's ICS feed publishes it (their calendar app shows attendees and answers). */
export const FeedMeeting = z.object({
  id: z.uuid(),
  group: z.object({ id: z.uuid(), name: z.string() }),
  title: z.string(),
  description: z.string().nullable(),
  location: z.string().nullable(),
  startsAt: Instant,
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  recurrence: z.string().nullable(),
  seriesEndsAt: Instant.nullable(),
  reminders: z.array(z.number().int()),
  createdAt: Instant,
  updatedAt: Instant,
  organizer: Person,
  attendees: z.array(
    Person.extend({ status: z.enum(['needs_action', 'accepted', 'declined', 'tentative']) }),
  ),
  /** Occurrence starts this user declined (EXDATE in their feed). */
  declinedOccurrences: z.array(Instant),
});
export type FeedMeeting = z.infer<typeof FeedMeeting>;

/** Live meetings the user attends (not declined as a series) whose last occurrence ended after `since`. */
export const ListFeedMeetings = syncContract({
  functionKey: 'listFeedMeetingsContract',
  request: z.strictObject({ userId: z.uuid(), since: Instant, limit: z.number().int().min(1).max(5000) }),
  response: z.object({ meetings: z.array(FeedMeeting) }),
});

/** An attendee's answer given through another entry point (the Telegram bot's RSVP buttons). */
export const RespondToMeetingForUser = syncContract({
  functionKey: 'respondToMeetingForUserContract',
  request: z.strictObject({
    userId: z.uuid(),
    meetingId: z.uuid(),
    status: z.enum(['accepted', 'declined', 'tentative']),
    /** One occurrence of a recurring meeting; without it the answer is for the series. */
    occurrence: Instant.optional(),
  }),
  response: z.object({ status: z.string() }),
});
