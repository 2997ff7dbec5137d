import { NotFoundError } from '#platform/errors';

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
