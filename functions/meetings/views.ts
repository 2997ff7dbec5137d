import { DateTime } from 'luxon';
import type { Group, Invitation, Member } from './adapters/groups.repository.js';
import type { Meeting } from './adapters/meetings.repository.js';
import { type GroupRole, INVITATION_JOINS_AS } from './domain/roles.js';

export const toGroupView = (group: Group, myRole: GroupRole, memberCount: number) => ({
  id: group.id,
  name: group.name,
  description: group.description,
  timeZone: group.timeZone,
  myRole,
  memberCount,
  createdAt: group.createdAt.toISOString(),
});

/** Instants are shown in the meeting's zone, with its offset. */
export const inZone = (instant: Date, timeZone: string) =>
  DateTime.fromJSDate(instant, { zone: timeZone }).toISO({ suppressMilliseconds: true }) as string;

export const toMeetingView = (meeting: Meeting, attendeeIds: string[]) => ({
  id: meeting.id,
  groupId: meeting.groupId,
  organizerId: meeting.organizerId,
  title: meeting.title,
  description: meeting.description,
  location: meeting.location,
  startsAt: inZone(meeting.startsAt, meeting.timeZone),
  durationMinutes: meeting.durationMinutes,
  timeZone: meeting.timeZone,
  recurrence: meeting.recurrence,
  reminders: meeting.reminders,
  attendeeIds,
  version: meeting.version,
  cancelledAt: meeting.cancelledAt?.toISOString() ?? null,
});

export const etag = (version: number) => `"${version}"`;

/** `"3"`, `W/"3"` or `3` → 3; anything else matches no version. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^(?:W\/)?"?(\d{1,9})"?$/.exec(header.trim());
  return match ? Number(match[1]) : -1;
}

export const toMemberView = (member: Member, user: { email: string; displayName?: string } | undefined) => ({
  userId: member.userId,
  displayName: user?.displayName,
  email: user?.email ?? '',
  role: member.role,
  joinedAt: member.joinedAt.toISOString(),
});

/** `role` is what the inviter offered; `joinsAs` what the address gets when it registers (always member). */
export const toInvitationView = (invitation: Invitation) => ({
  email: invitation.email,
  role: invitation.role,
  joinsAs: INVITATION_JOINS_AS,
  invitedAt: invitation.createdAt.toISOString(),
});
