import { replaceReminders } from './adapters/reminders.repository.js';
import type { EventFields } from './domain/event.js';
import { firstSchedule } from './domain/reminders.js';

/** The step createEvent and updateEvent share: the event's reminders planned afresh from `now`. */
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
