import type { AuthUser } from '#platform/auth/tokens';
import { type PeriodKind, periodContaining } from '#scheduling/periods';
import { findEventsOverlapping, findUserTimeZone } from './adapters/events.repository.js';
import type { CalendarDeps } from './deps.js';
import { occurrencesBetween } from './domain/event.js';
import { toPeriodView } from './views.js';

/**
 * Every occurrence overlapping the day/week/month containing `date`, in `tz` (default: the caller's
 * zone), with the meetings the caller attends (from the meetings context) when `meetings` is given.
 */
export async function listPeriod(
  { db, meetings }: CalendarDeps,
  caller: AuthUser,
  kind: PeriodKind,
  date: string,
  tz?: string,
) {
  const timeZone = tz ?? (await findUserTimeZone(db, caller.id)) ?? 'UTC';
  const period = periodContaining(kind, date, timeZone);
  const events = await findEventsOverlapping(db, caller.id, period.from, period.to);
  const occurrences = events
    .flatMap((event) => occurrencesBetween(event, period.from, period.to))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title));
  const view = toPeriodView(period, occurrences);
  if (!meetings) return view;
  const attended = await meetings(caller.id, period.from, period.to, timeZone);
  const items = [...view.items, ...attended].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return { ...view, items };
}
