import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { MetricUnit, metrics } from '#platform/observability';
import { findUserTimeZone, insertEvent, replaceReminders } from './adapters/events.repository.js';
import { calendarConfig } from './config.js';
import {
  alignAllDay,
  assertValidSeries,
  type CalendarEvent,
  durationBetween,
  type EventFields,
  normaliseRecurrence,
} from './domain/event.js';
import { firstSchedule } from './domain/reminders.js';
import type { CreateEventInput } from './schemas.js';

export interface CalendarDeps {
  db: Kysely<DB>;
  now?: () => Date;
  /** REMINDER_GRACE_MINUTES: a reminder is never scheduled already this stale. */
  graceMinutes?: number;
}

/** Creates an event and schedules its reminders in one transaction. */
export async function createEvent(
  { db, now = () => new Date(), graceMinutes = calendarConfig().REMINDER_GRACE_MINUTES }: CalendarDeps,
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
    await scheduleReminders(trx, created.id, fields, now(), graceMinutes);
    return created;
  });
  metrics.addMetric('EventsCreated', MetricUnit.Count, 1);
  return event;
}

/** All-day events are aligned to whole local days; `dateZone` is the zone their date is read in. */
export function withTiming(fields: EventFields, dateZone = fields.timeZone): EventFields {
  return fields.allDay
    ? { ...fields, ...alignAllDay(fields.startsAt, fields.durationMinutes, fields.timeZone, dateZone) }
    : fields;
}

export async function scheduleReminders(
  db: Parameters<typeof replaceReminders>[0],
  eventId: string,
  fields: EventFields,
  now: Date,
  graceMinutes: number,
) {
  await replaceReminders(
    db,
    eventId,
    fields.reminders.map((minutesBefore) => ({
      minutesBefore,
      ...firstSchedule(fields, minutesBefore, now, graceMinutes),
    })),
  );
}
