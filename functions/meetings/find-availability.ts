import { GetBusyIntervals } from '../calendar/contract.js';
import { requireMembership } from './access.js';
import { listMembers } from './adapters/groups.repository.js';
import {
  listAttendedMeetingsBetween,
  listOccurrenceAnswers,
  listSeriesAnswers,
} from './adapters/meetings.repository.js';
import type { Actor, MeetingsDeps } from './deps.js';
import { findSlots, type Interval } from './domain/availability.js';
import { field, InvalidMeetingInputError } from './domain/errors.js';
import { occurrencesBetween } from './domain/occurrences.js';
import { effectiveAnswers } from './domain/rsvp.js';
import { lookupUsersByIds } from './people.js';
import type { AvailabilityQuery } from './schemas.js';

/** calendar's getBusyIntervals answers for at most this many users at once. */
const MAX_ATTENDEES = 200;

/**
 * GET /groups/{id}/availability: slots where every chosen member is free, inside each member's
 * working hours in their own zone. Busy = calendar events (through calendar's getBusyIntervals, which
 * returns times only) and meetings they accepted or tentatively accepted. Only free slots leave here.
 */
export async function findAvailability(
  { db, invoke, availabilityStepMinutes }: Pick<MeetingsDeps, 'db' | 'invoke' | 'availabilityStepMinutes'>,
  actor: Actor,
  groupId: string,
  query: AvailabilityQuery,
) {
  await requireMembership(db, groupId, actor.id);
  const memberIds = new Set((await listMembers(db, groupId)).map((member) => member.userId));
  const chosen = query.attendees ?? [...memberIds];
  const strangers = chosen.flatMap((id, index) =>
    memberIds.has(id) ? [] : [field(`attendees.${index}`, 'Not a member of this group.', 'query')],
  );
  if (strangers.length > 0) throw new InvalidMeetingInputError(strangers);
  if (chosen.length > MAX_ATTENDEES) {
    throw new InvalidMeetingInputError([
      field('attendees', `Choose at most ${MAX_ATTENDEES} members to find a time for.`, 'query'),
    ]);
  }
  const from = new Date(query.from);
  const to = new Date(query.to);
  const [users, { busy }, meetingBusy] = await Promise.all([
    lookupUsersByIds(invoke, chosen),
    invoke(GetBusyIntervals, { userIds: chosen, from: from.toISOString(), to: to.toISOString() }),
    busyInMeetings(db, chosen, from, to),
  ]);
  const eventsBusy = new Map(
    busy.map((entry) => [
      entry.userId,
      entry.intervals.map(({ start, end }): Interval => [Date.parse(start), Date.parse(end)]),
    ]),
  );
  const members = users.map((user) => ({
    timeZone: user.timeZone,
    workingHours: user.workingHours,
    busy: [...(eventsBusy.get(user.id) ?? []), ...(meetingBusy.get(user.id) ?? [])],
  }));
  const slots = findSlots(members, {
    from,
    to,
    durationMinutes: query.durationMinutes,
    stepMinutes: availabilityStepMinutes,
    limit: query.limit,
  });
  return {
    from: from.toISOString(),
    to: to.toISOString(),
    durationMinutes: query.durationMinutes,
    attendees: chosen,
    slots: slots.map(([start, end]) => ({
      start: new Date(start).toISOString(),
      end: new Date(end).toISOString(),
    })),
  };
}

/** Occurrences of meetings (any group) each user accepted or tentatively accepted. */
async function busyInMeetings(db: MeetingsDeps['db'], userIds: string[], from: Date, to: Date) {
  const attended = await listAttendedMeetingsBetween(db, userIds, from, to);
  const ids = [...new Set(attended.map((entry) => entry.meeting.id))];
  const [series, overrides] = await Promise.all([listSeriesAnswers(db, ids), listOccurrenceAnswers(db, ids)]);
  const busy = new Map<string, Interval[]>();
  for (const { meeting, userId } of attended) {
    const mine = (series.get(meeting.id) ?? []).filter((answer) => answer.userId === userId);
    const myOverrides = (overrides.get(meeting.id) ?? []).filter((answer) => answer.userId === userId);
    for (const start of occurrencesBetween(meeting, from, to)) {
      const status = effectiveAnswers(mine, myOverrides, start)[0]?.status;
      if (status !== 'accepted' && status !== 'tentative') continue;
      const list = busy.get(userId) ?? [];
      list.push([start.getTime(), start.getTime() + meeting.durationMinutes * 60_000]);
      busy.set(userId, list);
    }
  }
  return busy;
}
