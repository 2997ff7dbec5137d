import { DependencyUnavailableError, type Invoker } from '#platform/contracts/invoke';
import { log, MetricUnit, metrics } from '#platform/observability';
import { type FeedMeeting, ListFeedMeetings } from '../meetings/contract.js';
import type { CalendarEvent } from './domain/event.js';
import type { Attendance } from './domain/ics.js';

export type FeedMeetingSource = (
  userId: string,
  since: Date,
  limit: number,
) => Promise<Array<CalendarEvent & { attendance: Attendance }>>;

/**
 * The meetings a feed's owner attends, from the meetings context's contract, as feed entries with
 * ORGANIZER, ATTENDEE;PARTSTAT and the occurrences they declined. If meetings cannot be reached the
 * feed still carries the user's own events (logged, metric `CalendarMeetingsUnavailable`).
 */
export const feedMeetingsThrough =
  (invoke: Invoker): FeedMeetingSource =>
  async (userId, since, limit) => {
    let meetings: FeedMeeting[];
    try {
      ({ meetings } = await invoke(ListFeedMeetings, { userId, since: since.toISOString(), limit }));
    } catch (error) {
      if (!(error instanceof DependencyUnavailableError)) throw error;
      log().warn('meetings unavailable; the feed carries events only', { error });
      metrics.addMetric('CalendarMeetingsUnavailable', MetricUnit.Count, 1);
      return [];
    }
    return meetings.map((meeting) => ({
      id: meeting.id,
      ownerId: userId,
      title: `${meeting.title} (${meeting.group.name})`,
      description: meeting.description,
      startsAt: new Date(meeting.startsAt),
      durationMinutes: meeting.durationMinutes,
      timeZone: meeting.timeZone,
      allDay: false,
      recurrence: meeting.recurrence,
      reminders: meeting.reminders,
      seriesEndsAt: meeting.seriesEndsAt ? new Date(meeting.seriesEndsAt) : null,
      createdAt: new Date(meeting.createdAt),
      updatedAt: new Date(meeting.updatedAt),
      attendance: {
        location: meeting.location,
        organizer: meeting.organizer,
        attendees: meeting.attendees,
        excluded: meeting.declinedOccurrences.map((start) => new Date(start)),
      },
    }));
  };
