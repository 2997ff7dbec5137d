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
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, {
    message: 'Not a valid calendar date.',
  });

/** RFC 3339 date-time with an explicit offset, e.g. `2026-11-22T09:00:00+01:00` or `...Z`. */
export const DateTimeWithOffset = z.iso.datetime({
  offset: true,
  message: 'Expected an RFC 3339 date-time with offset.',
});

export const Uuid = z.uuid({ message: 'Expected a UUID.' });

export const IdParams = z.strictObject({ id: Uuid });

/** Cursor pagination: `limit` 1–100 (default 20) and the opaque cursor returned by the previous page. */
export const PageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
});
