import { DateTime } from 'luxon';
import { zoneOf } from './zones.js';

export type PeriodKind = 'day' | 'week' | 'month';

export interface Period {
  kind: PeriodKind;
  timeZone: string;
  /** Inclusive start and exclusive end, as instants. */
  from: Date;
  to: Date;
}

/**
 * The day, ISO week (Monday–Sunday) or calendar month containing `date`, with its boundaries at local
 * midnight in `timeZone`. Luxon does the calendar arithmetic in that zone, so a day across a DST change
 * is 23 or 25 hours long, as it is on the wall clock.
 */
export function periodContaining(kind: PeriodKind, date: string, timeZone: string): Period {
  const day = DateTime.fromISO(date, { zone: zoneOf(timeZone) }).startOf('day');
  const unit = kind === 'week' ? 'week' : kind;
  const start = day.startOf(unit, { useLocaleWeeks: false });
  const end = start.plus({ [`${unit}s`]: 1 });
  return { kind, timeZone, from: start.toJSDate(), to: end.toJSDate() };
}
