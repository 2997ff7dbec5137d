import { insertReminders, replaceReminders } from './adapters/reminders.repository.js';
import type { EventFields } from './domain/event.js';
import { firstSchedule } from './domain/reminders.js';

/**
 * The step createEvent and updateEvent share: the event's reminders planned afresh from `now`. A new
 * event has none to replace (one statement fewer in every create).
 */
export async function scheduleReminders(
  db: Parameters<typeof replaceReminders>[0],
  eventId: string,
  fields: EventFields,
  now: Date,
  graceMinutes: number,
  { newEvent = false }: { newEvent?: boolean } = {},
) {
  const planned = fields.reminders.map((minutesBefore) => ({
    minutesBefore,
    ...firstSchedule(fields, minutesBefore, now, graceMinutes),
  }));
  await (newEvent ? insertReminders : replaceReminders)(db, eventId, planned);
}
