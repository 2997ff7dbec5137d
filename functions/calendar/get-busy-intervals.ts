import { type Kysely, sql } from 'kysely';
import type { DB } from '#platform/db/schema';
import { parseRecurrence, Series } from '#scheduling/recurrence';
import { occurrenceEnd } from '#scheduling/timing';

/**
 * Serves the getBusyIntervals contract: every occurrence of the users' events overlapping [from, to),
 * as merged [start, end) intervals. Only times leave the calendar.
 */
export async function getBusyIntervals(
  { db }: { db: Kysely<DB> },
  input: { userIds: string[]; from: string; to: string },
) {
  const from = new Date(input.from);
  const to = new Date(input.to);
  const rows = await db
    .selectFrom('calendar_events')
    .select([
      'owner_id',
      'starts_at',
      'duration_minutes',
      'time_zone',
      'all_day',
      'recurrence',
      'series_ends_at',
    ])
    .where('owner_id', 'in', input.userIds)
    .where(sql<boolean>`span && tstzrange(${from}::timestamptz, ${to}::timestamptz, '[)')`)
    .execute();
  const perUser = new Map<string, Array<[number, number]>>(input.userIds.map((id) => [id, []]));
  for (const row of rows) {
    const timing = { durationMinutes: row.duration_minutes, timeZone: row.time_zone, allDay: row.all_day };
    // With the stored end (as the calendar's views), a COUNT series is read like an UNTIL one instead
    // of being walked from its first occurrence to count.
    const starts = row.recurrence
      ? new Series(
          row.starts_at,
          row.duration_minutes,
          row.time_zone,
          parseRecurrence(row.recurrence),
          row.all_day,
        ).between(from, to, row.series_ends_at)
      : [row.starts_at];
    for (const start of starts) {
      const end = occurrenceEnd(start, timing).getTime();
      const clippedStart = Math.max(start.getTime(), from.getTime());
      const clippedEnd = Math.min(end, to.getTime());
      if (clippedStart < clippedEnd) perUser.get(row.owner_id)?.push([clippedStart, clippedEnd]);
    }
  }
  return {
    busy: [...perUser].map(([userId, intervals]) => ({
      userId,
      intervals: merge(intervals).map(([start, end]) => ({
        start: new Date(start).toISOString(),
        end: new Date(end).toISOString(),
      })),
    })),
  };
}

function merge(intervals: Array<[number, number]>): Array<[number, number]> {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
