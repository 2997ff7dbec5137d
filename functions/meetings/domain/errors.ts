import {
  AppError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '#platform/errors';

/** A group the caller is not a member of is missing as far as they can tell (no probing of ids). */
export class GroupNotFoundError extends NotFoundError {
  constructor() {
    super('MEETINGS.GROUP_NOT_FOUND', 'No group with this id.');
  }
}

export class MeetingNotFoundError extends NotFoundError {
  constructor() {
    super('MEETINGS.MEETING_NOT_FOUND', 'No meeting with this id.');
  }
}

export class MemberNotFoundError extends NotFoundError {
  constructor() {
    super('MEETINGS.MEMBER_NOT_FOUND', 'This user is not a member of the group.');
  }
}

/** A group member who is not among the meeting's attendees cannot answer it. */
export class NotInvitedError extends NotFoundError {
  constructor() {
    super('MEETINGS.NOT_INVITED', 'You are not invited to this meeting.');
  }
}

export class NotAllowedError extends ForbiddenError {
  constructor(what: string) {
    super('MEETINGS.NOT_ALLOWED', `Your role in this group does not allow you to ${what}.`);
  }
}

export class RoleEscalationError extends ConflictError {
  constructor() {
    super('MEETINGS.ROLE_ESCALATION', 'Only an owner can make someone an owner or change an owner.');
  }
}

export class LastOwnerError extends ConflictError {
  constructor() {
    super(
      'MEETINGS.LAST_OWNER',
      'A group needs an owner: transfer ownership (POST /groups/{id}/transfer) before leaving or stepping down.',
    );
  }
}

export class AlreadyMemberError extends ConflictError {
  constructor() {
    super('MEETINGS.ALREADY_MEMBER', 'This address is already a member of the group.');
  }
}

export class MeetingCancelledError extends ConflictError {
  constructor() {
    super('MEETINGS.MEETING_CANCELLED', 'This meeting was cancelled.');
  }
}

/** If-Match named a version that is no longer current: someone else changed the meeting first. */
export class StaleVersionError extends AppError {
  override name = 'StaleVersionError';
  constructor(current: number) {
    super(
      412,
      'MEETINGS.VERSION_MISMATCH',
      `The meeting changed since you read it (now version ${current}); reload and retry.`,
      {
        headers: { etag: `"${current}"` },
      },
    );
  }
}

/** Input that breaks a rule known only with the group's or meeting's data (attendees, occurrence, recurrence). */
export class InvalidMeetingInputError extends ValidationError {
  constructor(errors: FieldError[]) {
    super(errors, 'The request does not fit this group or meeting.', 'MEETINGS.INVALID_INPUT');
  }
}

export const field = (name: string, message: string, where: FieldError['in'] = 'body'): FieldError => ({
  in: where,
  field: name,
  message,
});
