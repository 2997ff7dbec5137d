import type { AuthUser } from '#platform/auth/tokens';
import { type PeriodKind, periodContaining } from '#scheduling/periods';
import { findEventsOverlapping, findUserTimeZone } from './adapters/events.repository.js';
import { calendarConfig } from './config.js';
import type { CalendarDeps } from './deps.js';
import { TooManyEventsInViewError } from './domain/errors.js';
import { occurrencesBetween } from './domain/event.js';
import { toPeriodView } from './views.js';

/**
 * Every occurrence overlapping the day/week/month containing `date`, in `tz` (default: the caller's
 * zone), with the meetings the caller attends (from the meetings context) when `meetings` is given.
 */
export async function listPeriod(
  { db, meetings, maxEventsPerView = calendarConfig().CALENDAR_MAX_EVENTS_PER_VIEW }: CalendarDeps,
  caller: AuthUser,
  kind: PeriodKind,
  date: string,
  tz?: string,
) {
  const timeZone = tz ?? (await findUserTimeZone(db, caller.id)) ?? 'UTC';
  const period = periodContaining(kind, date, timeZone);
  const limit = maxEventsPerView;
  // The user's events and the meetings they attend are fetched side by side.
  const [events, attended] = await Promise.all([
    findEventsOverlapping(db, caller.id, period.from, period.to, limit + 1),
    meetings?.(caller.id, period.from, period.to, timeZone),
  ]);
  if (events.length > limit) throw new TooManyEventsInViewError(limit);
  const occurrences = events
    .flatMap((event) => occurrencesBetween(event, period.from, period.to))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.title.localeCompare(b.title));
  const view = toPeriodView(period, occurrences);
  if (!attended) return view;
  const items = [...view.items, ...attended].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  return { ...view, items };
}
