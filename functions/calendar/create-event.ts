import type { AuthUser } from '#platform/auth/tokens';
import { MetricUnit, metrics } from '#platform/observability';
import { countNewEvent, findUserTimeZone, insertEvent } from './adapters/events.repository.js';
import { calendarConfig } from './config.js';
import type { CalendarDeps } from './deps.js';
import { EventQuotaExceededError } from './domain/errors.js';
import {
  assertValidSeries,
  type CalendarEvent,
  durationBetween,
  normaliseRecurrence,
  withTiming,
} from './domain/event.js';
import { scheduleReminders } from './schedule-reminders.js';
import type { CreateEventInput } from './schemas.js';

/** Creates an event and schedules its reminders in one transaction. */
export async function createEvent(
  {
    db,
    now = () => new Date(),
    graceMinutes = calendarConfig().REMINDER_GRACE_MINUTES,
    eventQuota = calendarConfig().CALENDAR_MAX_EVENTS_PER_USER,
  }: CalendarDeps,
  caller: AuthUser,
  input: CreateEventInput,
): Promise<CalendarEvent> {
  const timeZone = input.timeZone ?? (await findUserTimeZone(db, caller.id)) ?? 'UTC';
  const startsAt = new Date(input.startsAt);
  const allDay = input.allDay ?? false;
  const durationMinutes =
    input.durationMinutes ??
    (input.endsAt ? durationBetween(startsAt, new Date(input.endsAt), timeZone, allDay) : 1440);
  const fields = withTiming({
    title: input.title,
    description: input.description ?? null,
    startsAt,
    durationMinutes: Math.ceil(durationMinutes),
    timeZone,
    allDay,
    recurrence: normaliseRecurrence(input.recurrence ?? null),
    reminders: (input.reminders ?? []).map((reminder) => reminder.minutesBefore),
  });
  assertValidSeries(fields);
  const event = await db.transaction().execute(async (trx) => {
    const created = await insertEvent(trx, caller.id, fields);
    await scheduleReminders(trx, created.id, fields, now(), graceMinutes, { newEvent: true });
    // The quota is checked last, so the owner's count row is locked only for the upsert and the commit
    // rather than the whole transaction; over the quota rolls all of it back, the increment included.
    if ((await countNewEvent(trx, caller.id)) > eventQuota) {
      throw new EventQuotaExceededError(eventQuota);
    }
    return created;
  });
  metrics.addMetric('EventsCreated', MetricUnit.Count, 1);
  return event;
}
