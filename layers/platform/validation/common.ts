import { DateTime } from 'luxon';
import { z } from 'zod';
import { isValidZone } from '#scheduling/zones';

/** An IANA time zone name such as `Europe/Berlin` (validated against the zone database). */
export const TimeZone = z
  .string()
  .max(64)
  .refine((zone) => isValidZone(zone), { message: 'Unknown IANA time zone.' });

/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is rejected). */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Expected a date as YYYY-MM-DD.')
  // Year 0000 exists for luxon but not for PostgreSQL (there is no year 0): it would fail as a 500.
  .refine((value) => !value.startsWith('0000') && DateTime.fromISO(value, { zone: 'UTC' }).isValid, {
    message: 'Not a valid calendar date.',
  });

const FIRST_INSTANT = Date.parse('0001-01-01T00:00:00Z');

/** RFC 3339 date-time with an explicit offset, e.g. `2026-11-22T09:00:00+01:00` or `...Z`. */
export const DateTimeWithOffset = z.iso
  .datetime({ offset: true, message: 'Expected an RFC 3339 date-time with offset.' })
  // An instant in year 0000 (UTC) parses in JavaScript but not in PostgreSQL (there is no year 0).
  .refine((value) => Date.parse(value) >= FIRST_INSTANT, { message: 'Must be in year 0001 or later.' });

/**
 * The start of something scheduled (a calendar event, a meeting): not before 1970 and at most 100
 * years ahead. Every view, reminder and feed expands a series from around its start, so a start in
 * 1926 or 9999 would cost CPU for nothing a calendar needs (and an end past year 9999 could not even
 * be written as an RFC 3339 date-time).
 */
export const EARLIEST_START = Date.UTC(1970, 0, 1);
export const START_YEARS_AHEAD = 100;
export const ScheduleStart = DateTimeWithOffset.refine(
  (value) => {
    const instant = Date.parse(value);
    const latest = new Date();
    latest.setUTCFullYear(latest.getUTCFullYear() + START_YEARS_AHEAD);
    return instant >= EARLIEST_START && instant <= latest.getTime();
  },
  { message: `startsAt must be between 1970-01-01 and ${START_YEARS_AHEAD} years from now.` },
);

export const Uuid = z.uuid({ message: 'Expected a UUID.' });

export const IdParams = z.strictObject({ id: Uuid });

/** Cursor pagination: `limit` 1–100 (default 20) and the opaque cursor returned by the previous page. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
