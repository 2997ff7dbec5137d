import { MetricUnit, metrics } from '#platform/observability';
import { requireMembership } from './access.js';
import {
  listGroupMeetingsBetween,
  listOccurrenceAnswers,
  listSeriesAnswers,
} from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { occurrencesBetween } from './domain/occurrences.js';
import { countByStatus, effectiveAnswers } from './domain/rsvp.js';
import type { ScheduleQuery } from './schemas.js';
import { inZone } from './views.js';

/**
 * GET /groups/{id}/schedule: every occurrence of the group's meetings in [from, to), with counts per
 * answer. Read through the cache under a key that contains the group's schedule version, which every
 * change to its meetings, members or answers bumps in its own transaction: a read after a committed
 * write reads the new version, so it can only miss, never find the old copy.
 */
export async function getSchedule(
  deps: Pick<MeetingsDeps, 'db' | 'cache' | 'scheduleTtlSeconds'>,
  actor: Actor,
  groupId: string,
  query: ScheduleQuery,
) {
  const { group } = await requireMembership(deps.db, groupId, actor.id);
  const from = new Date(query.from);
  const to = new Date(query.to);
  const key = `meetings:schedule:${groupId}:v${group.scheduleVersion}:${from.toISOString()}:${to.toISOString()}`;
  const cached = await deps.cache.get(key);
  if (cached !== undefined) {
    metrics.addMetric('ScheduleCacheHit', MetricUnit.Count, 1);
    return cached as Awaited<ReturnType<typeof computeSchedule>>;
  }
  metrics.addMetric('ScheduleCacheMiss', MetricUnit.Count, 1);
  const schedule = await computeSchedule(deps, groupId, from, to);
  await deps.cache.put(key, schedule, deps.scheduleTtlSeconds);
  return schedule;
}

export async function computeSchedule(deps: Pick<MeetingsDeps, 'db'>, groupId: string, from: Date, to: Date) {
  const meetings = await listGroupMeetingsBetween(deps.db, groupId, from, to);
  const ids = meetings.map((meeting) => meeting.id);
  const [series, overrides] = await Promise.all([
    listSeriesAnswers(deps.db, ids),
    listOccurrenceAnswers(deps.db, ids),
  ]);
  const occurrences = meetings.flatMap((meeting) =>
    occurrencesBetween(meeting, from, to).map((start) => ({
      meetingId: meeting.id,
      title: meeting.title,
      start: inZone(start, meeting.timeZone),
      end: inZone(new Date(start.getTime() + meeting.durationMinutes * 60_000), meeting.timeZone),
      timeZone: meeting.timeZone,
      location: meeting.location,
      counts: countByStatus(
        effectiveAnswers(series.get(meeting.id) ?? [], overrides.get(meeting.id) ?? [], start),
      ),
      sortKey: start.getTime(),
    })),
  );
  occurrences.sort((a, b) => a.sortKey - b.sortKey);
  return {
    groupId,
    from: from.toISOString(),
    to: to.toISOString(),
    occurrences: occurrences.map(({ sortKey: _sortKey, ...occurrence }) => occurrence),
  };
}
