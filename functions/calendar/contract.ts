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
