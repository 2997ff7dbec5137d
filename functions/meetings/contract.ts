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
