import { z } from 'zod';
import {
  DateTimeWithOffset,
  ScheduleStart as EventStart,
  IsoDate,
  TimeZone,
  Uuid,
} from '#platform/validation/common';
import { parseRecurrence, RecurrenceError } from '#scheduling/recurrence';
import { MAX_DURATION_MINUTES } from './domain/event.js';

const Title = z.string().trim().min(1, 'The title cannot be empty.').max(200, 'At most 200 characters.');
const Description = z.string().max(10_000, 'At most 10,000 characters.');
const DurationMinutes = z.number().int().min(1).max(MAX_DURATION_MINUTES);

/** RRULE subset: FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY. */
const Recurrence = z
  .string()
  .max(500)
  .superRefine((value, ctx) => {
    try {
      parseRecurrence(value);
    } catch (error) {
      if (!(error instanceof RecurrenceError)) throw error;
      ctx.addIssue({ code: 'custom', message: `Invalid RRULE: ${error.message}` });
    }
  })
  .meta({ example: 'FREQ=WEEKLY;BYDAY=MO,WE;UNTIL=20271231T000000Z' });

const Reminders = z
  .array(z.strictObject({ minutesBefore: z.number().int().min(0).max(40_320) }), {
    message: 'Expected a list of reminders.',
  })
  .max(5, 'At most 5 reminders.')
  .refine((list) => new Set(list.map((r) => r.minutesBefore)).size === list.length, {
    message: 'Each minutesBefore may appear once.',
  });

const Timing = {
  startsAt: EventStart,
  endsAt: DateTimeWithOffset.optional(),
  durationMinutes: DurationMinutes.optional(),
  timeZone: TimeZone.optional(),
  allDay: z.boolean().optional(),
};

function checkEnd(
  body: { startsAt?: string; endsAt?: string; durationMinutes?: number },
  ctx: z.RefinementCtx,
) {
  if (body.endsAt !== undefined && body.durationMinutes !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['durationMinutes'],
      message: 'Send endsAt or durationMinutes, not both.',
    });
  }
  if (body.endsAt !== undefined && body.startsAt !== undefined) {
    const minutes = (Date.parse(body.endsAt) - Date.parse(body.startsAt)) / 60_000;
    if (minutes <= 0)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt.' });
    else if (minutes > MAX_DURATION_MINUTES)
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'An event lasts at most 366 days.' });
  }
}

export const CreateEventBody = z
  .strictObject({
    title: Title,
    description: Description.optional(),
    ...Timing,
    recurrence: Recurrence.optional(),
    reminders: Reminders.optional(),
  })
  .superRefine((body, ctx) => {
    checkEnd(body, ctx);
    if (body.endsAt === undefined && body.durationMinutes === undefined && !body.allDay) {
      ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'Send endsAt or durationMinutes.' });
    }
  });

/** Partial update: absent fields keep their value; `description` and `recurrence` may be set to null. */
export const UpdateEventBody = z
  .strictObject({
    title: Title.optional(),
    description: Description.nullable().optional(),
    ...Timing,
    startsAt: EventStart.optional(),
    recurrence: Recurrence.nullable().optional(),
    reminders: Reminders.optional(),
  })
  .superRefine((body, ctx) => {
    checkEnd(body, ctx);
    if (Object.keys(body).length === 0)
      ctx.addIssue({ code: 'custom', message: 'Send at least one field to change.' });
  });

export const EventIdParams = z.strictObject({ id: Uuid });
export const DateParams = z.strictObject({ date: IsoDate });
/** Unknown query parameters are rejected (400), as everywhere in the API. */
export const PeriodQuery = z.strictObject({ tz: TimeZone.optional() });
export const FeedQuery = z.strictObject({ token: z.string().min(1).max(200) });

export const EventView = z.object({
  id: z.uuid(),
  title: z.string(),
  description: z.string().nullable(),
  startsAt: z.string().meta({ description: 'RFC 3339 in the event time zone' }),
  endsAt: z.string(),
  durationMinutes: z.number().int(),
  timeZone: z.string(),
  allDay: z.boolean(),
  recurrence: z.string().nullable(),
  reminders: z.array(z.object({ minutesBefore: z.number().int() })),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});

export const OccurrenceView = z.object({
  eventId: z.uuid(),
  seriesId: z
    .uuid()
    .nullable()
    .meta({ description: 'The recurring event this occurrence belongs to; null for a single event' }),
  title: z.string(),
  description: z.string().nullable(),
  startsAt: z.string().meta({ description: 'RFC 3339 in the requested time zone' }),
  endsAt: z.string(),
  timeZone: z.string().meta({ description: "The event's own time zone" }),
  allDay: z.boolean(),
  // Only on meetings the caller attends (functions/meetings); declined occurrences are not listed.
  kind: z.literal('meeting').optional(),
  meetingId: z.uuid().optional(),
  group: z.object({ id: z.uuid(), name: z.string() }).optional(),
  rsvpStatus: z.enum(['needs_action', 'accepted', 'tentative']).optional(),
  location: z.string().nullable().optional(),
});

export const PeriodView = z.object({
  period: z.enum(['day', 'week', 'month']),
  timeZone: z.string(),
  from: z.string(),
  to: z.string(),
  items: z.array(OccurrenceView),
});

export const FeedTokenView = z.object({ token: z.string(), url: z.string(), createdAt: z.iso.datetime() });

export type CreateEventInput = z.infer<typeof CreateEventBody>;
export type UpdateEventInput = z.infer<typeof UpdateEventBody>;
