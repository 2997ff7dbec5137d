import { DateTime } from 'luxon';
import { DependencyUnavailableError, type Invoker } from '#platform/contracts/invoke';
import { log, MetricUnit, metrics } from '#platform/observability';
import { ListMeetingOccurrences } from '../meetings/contract.js';

/**
 * The meetings a user attends in [from, to) as items of their day/week/month views, shown in the
 * view's zone and marked `kind: "meeting"` with the group and the user's answer.
 */
export type MeetingSource = (
  userId: string,
  from: Date,
  to: Date,
  timeZone: string,
) => Promise<MeetingItem[]>;

export interface MeetingItem {
  kind: 'meeting';
  eventId: string;
  seriesId: string | null;
  meetingId: string;
  group: { id: string; name: string };
  rsvpStatus: 'needs_action' | 'accepted' | 'tentative';
  title: string;
  description: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string;
  timeZone: string;
  allDay: false;
}

/**
 * Through the meetings context's published contract (the Lambda invoke API). If meetings cannot be
 * reached the view still shows the user's own events (logged, metric `CalendarMeetingsUnavailable`)
 * rather than failing as a whole.
 */
export const meetingsThrough =
  (invoke: Invoker): MeetingSource =>
  async (userId, from, to, timeZone) => {
    let occurrences: Awaited<ReturnType<typeof fetchOccurrences>>;
    try {
      occurrences = await fetchOccurrences(invoke, userId, from, to);
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError)) throw error;
      log().warn('meetings unavailable; the view shows events only', { error });
      metrics.addMetric('CalendarMeetingsUnavailable', MetricUnit.Count, 1);
      return [];
    }
    const local = (instant: string) =>
      DateTime.fromISO(instant, { zone: timeZone }).toISO({ suppressMilliseconds: true }) as string;
    return occurrences.map((occurrence) => ({
      kind: 'meeting' as const,
      eventId: occurrence.meetingId,
      seriesId: occurrence.seriesId,
      meetingId: occurrence.meetingId,
      group: occurrence.group,
      rsvpStatus: occurrence.rsvpStatus,
      title: occurrence.title,
      description: occurrence.description,
      location: occurrence.location,
      startsAt: local(occurrence.start),
      endsAt: local(occurrence.end),
      timeZone: occurrence.timeZone,
      allDay: false as const,
    }));
  };

/**
 * The last instant the contract can carry (an RFC 3339 date-time has four year digits). A view of the
 * last day or week of 9999 ends in year 10000 in UTC; meetings cannot start after 9999 anyway.
 */
const LAST_INSTANT = Date.parse('9999-12-31T23:59:59.999Z');

async function fetchOccurrences(invoke: Invoker, userId: string, from: Date, to: Date) {
  const until = Math.min(to.getTime(), LAST_INSTANT);
  if (from.getTime() >= until) return [];
  const answer = await invoke(ListMeetingOccurrences, {
    userId,
    from: from.toISOString(),
    to: new Date(until).toISOString(),
  });
  return answer.occurrences;
}
