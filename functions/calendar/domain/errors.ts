import { AppError, ConflictError, NotFoundError } from '#platform/errors';

// Every error the calendar context answers with: one class per stable code, listed in ../openapi.ts.
// (Invalid input is the platform's REQUEST.INVALID naming the field: see domain/event.ts.)

/** A missing event and someone else's event look the same, so ids cannot be probed. */
export class EventNotFoundError extends NotFoundError {
  constructor() {
    super('CALENDAR.EVENT_NOT_FOUND', 'No event with this id.');
  }
}

export class FeedNotFoundError extends NotFoundError {
  constructor() {
    super('CALENDAR.FEED_NOT_FOUND', 'No calendar feed for this token.');
  }
}

/** The per-user quota (CALENDAR_MAX_EVENTS_PER_USER) is used up: delete events before creating more. */
export class EventQuotaExceededError extends ConflictError {
  constructor(quota: number) {
    super('CALENDAR.EVENT_QUOTA_EXCEEDED', `An account may hold at most ${quota} events.`);
  }
}

/** A view would expand more events than CALENDAR_MAX_EVENTS_PER_VIEW: ask for a shorter period. */
export class TooManyEventsInViewError extends AppError {
  constructor(limit: number) {
    super(
      400,
      'CALENDAR.TOO_MANY_EVENTS_IN_VIEW',
      `This period has more than ${limit} events: ask for a week or a day instead.`,
    );
  }
}
