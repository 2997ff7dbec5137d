import type { ApiRoute } from '#platform/http/openapi';
import {
  CreateEventBody,
  DateParams,
  EventIdParams,
  EventView,
  FeedQuery,
  FeedTokenView,
  PeriodQuery,
  PeriodView,
  UpdateEventBody,
} from './schemas.js';

const period = (kind: 'day' | 'week' | 'month', description: string): ApiRoute => ({
  method: 'get',
  path: `/events/${kind}/{date}`,
  tag: 'calendar',
  summary: `The caller's occurrences in the ${kind} containing date`,
  description: `${description} Boundaries are local midnights in \`tz\` (default: the caller's profile zone), correct across DST changes. Recurring events are expanded into occurrences (each with its \`seriesId\`), sorted by start. Unknown query parameters are rejected (400).`,
  auth: true,
  params: DateParams,
  query: PeriodQuery,
  responses: { 200: PeriodView },
});

export const calendarRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/events',
    tag: 'calendar',
    summary: 'Create an event',
    description:
      "Send `endsAt` or `durationMinutes` (all-day events default to one day and last whole calendar days in their zone). `timeZone` defaults to the caller's profile zone. `recurrence` is an RRULE (FREQ=DAILY|WEEKLY|MONTHLY|YEARLY, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY) expanded in that zone; a COUNT rule must reach its count within 100 years of the start. Up to 5 reminders, each sent as a notification `minutesBefore` every occurrence.",
    auth: true,
    body: CreateEventBody,
    responses: { 201: EventView },
  },
  {
    method: 'get',
    path: '/events/{id}',
    tag: 'calendar',
    summary: 'One event',
    auth: true,
    params: EventIdParams,
    responses: { 200: EventView },
    problems: [404],
  },
  {
    method: 'patch',
    path: '/events/{id}',
    tag: 'calendar',
    summary: 'Change an event',
    description:
      'Partial update. Changing the start, duration, zone, recurrence or reminders reschedules pending reminders.',
    auth: true,
    params: EventIdParams,
    body: UpdateEventBody,
    responses: { 200: EventView },
    problems: [404],
  },
  {
    method: 'delete',
    path: '/events/{id}',
    tag: 'calendar',
    summary: 'Delete an event and cancel its reminders',
    auth: true,
    params: EventIdParams,
    responses: { 204: null },
    problems: [404],
  },
  period('day', 'The local calendar day.'),
  period('week', 'The ISO week (Monday to Sunday).'),
  period('month', 'The calendar month.'),
  {
    method: 'post',
    path: '/me/calendar-token',
    tag: 'calendar',
    summary: 'Issue or rotate the ICS feed token',
    description:
      'Returns the token and the subscription URL once; only a hash is stored. The previous token stops working.',
    auth: true,
    responses: { 201: FeedTokenView },
  },
  {
    method: 'get',
    path: '/calendar.ics',
    tag: 'calendar',
    summary: "RFC 5545 feed of the token owner's events",
    description:
      'For calendar apps (Google, Apple, Thunderbird): no bearer token, the feed token identifies the user. Wrong token: 404.',
    auth: false,
    query: FeedQuery,
    responses: { 200: null },
    contentType: 'text/calendar',
    problems: [404],
  },
];

/** Every stable code this context answers with (one class each in domain/errors.ts), with its status. */
export const calendarErrorCodes: Record<string, number> = {
  'CALENDAR.EVENT_NOT_FOUND': 404,
  'CALENDAR.FEED_NOT_FOUND': 404,
  'CALENDAR.EVENT_QUOTA_EXCEEDED': 409,
  'CALENDAR.TOO_MANY_EVENTS_IN_VIEW': 400,
};
