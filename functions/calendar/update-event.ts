import { ownedBy } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import { ValidationError } from '#platform/errors';
import { findEvent, updateEvent as saveEvent } from './adapters/events.repository.js';
import { calendarConfig } from './config.js';
import type { CalendarDeps } from './deps.js';
import { EventNotFoundError } from './domain/errors.js';
import {
  assertValidSeries,
  type CalendarEvent,
  durationBetween,
  type EventFields,
  MAX_DURATION_MINUTES,
  normaliseRecurrence,
  withTiming,
} from './domain/event.js';
import { scheduleReminders } from './schedule-reminders.js';
import type { UpdateEventInput } from './schemas.js';

/**
 * Applies a partial change. When the timing, the rule or the reminders change, pending reminders are
 * rescheduled from now (an occurrence already reminded of keeps its deterministic notification id, so
 * it is not reminded twice).
 */
export async function updateEvent(
  { db, now = () => new Date(), graceMinutes = calendarConfig().REMINDER_GRACE_MINUTES }: CalendarDeps,
  caller: AuthUser,
  id: string,
  changes: UpdateEventInput,
): Promise<CalendarEvent> {
  return db.transaction().execute(async (trx) => {
    const current = ownedBy(
      await findEvent(trx, id, { forUpdate: true }),
      (event) => event.ownerId,
      caller,
      EventNotFoundError,
    );
    // Without a new start, an all-day event keeps the date it had in its previous zone.
    const fields = withTiming(merge(current, changes), changes.startsAt ? undefined : current.timeZone);
    assertValidSeries(fields);
    await saveEvent(trx, id, fields, now());
    const timingChanged =
      changes.startsAt !== undefined ||
      changes.endsAt !== undefined ||
      changes.durationMinutes !== undefined ||
      changes.timeZone !== undefined ||
      changes.allDay !== undefined ||
      changes.recurrence !== undefined ||
      changes.reminders !== undefined;
    if (timingChanged) await scheduleReminders(trx, id, fields, now(), graceMinutes);
    const updated = await findEvent(trx, id);
    return updated as CalendarEvent;
  });
}

function merge(current: CalendarEvent, changes: UpdateEventInput): EventFields {
  const startsAt = changes.startsAt ? new Date(changes.startsAt) : current.startsAt;
  let durationMinutes = changes.durationMinutes ?? current.durationMinutes;
  const timeZone = changes.timeZone ?? current.timeZone;
  const allDay = changes.allDay ?? current.allDay;
  if (changes.endsAt !== undefined) {
    durationMinutes = durationBetween(startsAt, new Date(changes.endsAt), timeZone, allDay);
    // The schema compares endsAt with startsAt only when both are sent; against the stored start, here.
    if (durationMinutes <= 0 || durationMinutes > MAX_DURATION_MINUTES) {
      throw new ValidationError([
        { in: 'body', field: 'endsAt', message: 'endsAt must be after startsAt (and within 366 days).' },
      ]);
    }
  }
  return {
    title: changes.title ?? current.title,
    description: changes.description === undefined ? current.description : changes.description,
    startsAt,
    durationMinutes,
    timeZone,
    allDay,
    recurrence:
      changes.recurrence === undefined ? current.recurrence : normaliseRecurrence(changes.recurrence),
    reminders: changes.reminders
      ? changes.reminders.map((reminder) => reminder.minutesBefore)
      : current.reminders,
  };
}
