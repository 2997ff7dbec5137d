import { type Executor, findMembership, type Membership } from './adapters/groups.repository.js';
import { findMeetingForMember, type Meeting } from './adapters/meetings.repository.js';
import { GroupNotFoundError, MeetingNotFoundError, NotAllowedError } from './domain/errors.js';
import { canManage, type GroupRole } from './domain/roles.js';

/** The caller's membership; a group they are not in is a 404, like a missing one. */
export async function requireMembership(db: Executor, groupId: string, userId: string): Promise<Membership> {
  const membership = await findMembership(db, groupId, userId);
  if (!membership) throw new GroupNotFoundError();
  return membership;
}

/** The meeting, if the caller is a member of its group (404 otherwise). */
export async function requireMeeting(
  db: Executor,
  meetingId: string,
  userId: string,
  options: { lock?: boolean } = {},
): Promise<{ meeting: Meeting; role: GroupRole }> {
  const found = await findMeetingForMember(db, meetingId, userId, options);
  if (!found) throw new MeetingNotFoundError();
  return found;
}

/** The organizer or a group owner/admin may change or cancel a meeting. */
export function requireMeetingEditor(
  found: { meeting: Meeting; role: GroupRole },
  userId: string,
  what: string,
) {
  if (found.meeting.organizerId !== userId && !canManage(found.role)) throw new NotAllowedError(what);
}
