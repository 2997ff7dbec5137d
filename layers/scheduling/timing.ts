import { DateTime } from 'luxon';
import { zoneOf } from './zones.js';

const MINUTES_PER_DAY = 1440;

/** How many calendar days an all-day event covers (its duration is stored as days × 1440 minutes). */
export const wholeDays = (durationMinutes: number) =>
  Math.max(1, Math.ceil(durationMinutes / MINUTES_PER_DAY));

/**
 * End of an occurrence starting at `start`. An all-day event lasts whole calendar days in its zone:
 * local midnight to local midnight, 23 or 25 hours across a DST change. Any other event lasts its minutes.
 */
export function occurrenceEnd(
  start: Date,
  timing: { durationMinutes: number; timeZone: string; allDay?: boolean },
): Date {
  if (!timing.allDay) return new Date(start.getTime() + timing.durationMinutes * 60_000);
  return DateTime.fromJSDate(start, { zone: zoneOf(timing.timeZone) })
    .plus({ days: wholeDays(timing.durationMinutes) })
    .startOf('day')
    .toJSDate();
}
