import { DateTime } from 'luxon';
import type { Period } from '#scheduling/periods';
import { occurrenceEnd } from '#scheduling/timing';
import { zoneOf } from '#scheduling/zones';
import type { CalendarEvent, Occurrence } from './domain/event.js';

const inZone = (date: Date, zone: string) =>
  DateTime.fromJSDate(date, { zone: zoneOf(zone) }).toISO({ suppressMilliseconds: true }) ??
  date.toISOString();

export function toEventView(event: CalendarEvent) {
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    startsAt: inZone(event.startsAt, event.timeZone),
    endsAt: inZone(occurrenceEnd(event.startsAt, event), event.timeZone),
    durationMinutes: event.durationMinutes,
    timeZone: event.timeZone,
    allDay: event.allDay,
    recurrence: event.recurrence,
    reminders: event.reminders.map((minutesBefore) => ({ minutesBefore })),
    createdAt: event.createdAt.toISOString(),
    updatedAt: event.updatedAt.toISOString(),
  };
}

export function toPeriodView(period: Period, occurrences: Occurrence[]) {
  return {
    period: period.kind,
    timeZone: period.timeZone,
    from: inZone(period.from, period.timeZone),
    to: inZone(period.to, period.timeZone),
    items: occurrences.map((occurrence) => ({
      eventId: occurrence.eventId,
      seriesId: occurrence.seriesId,
      title: occurrence.title,
      description: occurrence.description,
      startsAt: inZone(occurrence.startsAt, period.timeZone),
      endsAt: inZone(occurrence.endsAt, period.timeZone),
      timeZone: occurrence.timeZone,
      allDay: occurrence.allDay,
    })),
  };
}
