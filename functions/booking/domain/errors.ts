import {
  AppError,
  ConflictError,
  type FieldError,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  UnprocessableError,
  ValidationError,
} from '#platform/errors';

export class HotelNotFoundError extends NotFoundError {
  constructor() {
    super('BOOKING.HOTEL_NOT_FOUND', 'No hotel with this id.');
  }
}

export class RoomTypeNotFoundError extends NotFoundError {
  constructor() {
    super('BOOKING.ROOM_TYPE_NOT_FOUND', 'No room type with this id in this hotel.');
  }
}

export class BookingNotFoundError extends NotFoundError {
  constructor() {
    super('BOOKING.NOT_FOUND', 'No booking with this id.');
  }
}

/** A contract call named a user identity does not know (e.g. deleted since their chat was linked). */
export class UnknownUserError extends NotFoundError {
  constructor() {
    super('BOOKING.USER_NOT_FOUND', 'No user with this id.');
  }
}

/** Hotels are public, so changing someone else's hotel says so (403) rather than pretending it is missing. */
export class NotHotelOwnerError extends ForbiddenError {
  constructor() {
    super('BOOKING.NOT_HOTEL_OWNER', 'Only the hotel owner can do this.');
  }
}

export class RoomUnavailableError extends ConflictError {
  constructor() {
    super('BOOKING.ROOM_UNAVAILABLE', 'No room of this type is free for the whole stay.');
  }
}

export class RoomLabelTakenError extends ConflictError {
  constructor(label: string) {
    super('BOOKING.ROOM_LABEL_TAKEN', `This room type already has a room labelled ${label}.`);
  }
}

export class TooManyPendingBookingsError extends TooManyRequestsError {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      'BOOKING.TOO_MANY_PENDING',
      `You already hold ${limit} bookings awaiting payment; pay or cancel one first.`,
      retryAfterSeconds,
    );
  }
}

export class BookingNotCancellableError extends ConflictError {
  constructor(status: string) {
    super('BOOKING.NOT_CANCELLABLE', `A booking that is ${status} cannot be cancelled.`);
  }
}

export class StayStartedError extends ConflictError {
  constructor(checkInAt: Date) {
    super(
      'BOOKING.STAY_STARTED',
      `The stay started at check-in (${checkInAt.toISOString()}): a confirmed booking can no longer be cancelled.`,
    );
  }
}

export class IdempotencyKeyReusedError extends UnprocessableError {
  constructor() {
    super(
      'BOOKING.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request body.',
    );
  }
}

export class IdempotencyKeyInProgressError extends ConflictError {
  constructor() {
    super(
      'BOOKING.IDEMPOTENCY_KEY_IN_PROGRESS',
      'A request with this Idempotency-Key is still being processed; retry shortly.',
    );
  }
}

export class MissingIdempotencyKeyError extends ValidationError {
  constructor() {
    super(
      [
        {
          in: 'header',
          field: 'idempotency-key',
          message: 'Send an Idempotency-Key header (1–200 characters) with every booking request.',
        },
      ],
      'The Idempotency-Key header is required.',
      'BOOKING.IDEMPOTENCY_KEY_REQUIRED',
    );
  }
}

/** A stay or guest count that breaks a rule known only with the hotel's data (its zone, the room's capacity). */
export class InvalidStayError extends ValidationError {
  constructor(errors: FieldError[]) {
    super(errors, 'The stay is not bookable.', 'BOOKING.INVALID_STAY');
  }
}

/** The platform's code on purpose: a body that is not JSON is the same problem on every route. */
export class WebhookBodyNotJsonError extends ValidationError {
  constructor() {
    super(
      [{ in: 'body', field: '(root)', message: 'Not JSON.' }],
      'The webhook body is not valid JSON.',
      'REQUEST.MALFORMED_JSON',
    );
  }
}

export class WebhookSignatureMissingError extends AppError {
  constructor(message = 'The Syncore-Signature header is missing or malformed.') {
    super(400, 'BOOKING.WEBHOOK_SIGNATURE_MALFORMED', message);
  }
}

export class WebhookSignatureInvalidError extends AppError {
  constructor(message = 'The webhook signature does not match or is too old.') {
    super(401, 'BOOKING.WEBHOOK_SIGNATURE_INVALID', message);
  }
}

/**
 * A status change found the booking no longer in the status it was read in: someone changed it in
 * between, which the row locks are meant to make impossible. Not a user error (500): the transaction
 * rolls back, so nothing is half-applied, and the caller (webhook delivery, the next cron run) retries.
 */
export class BookingStatusConflictError extends Error {
  override name = 'BookingStatusConflictError';
  constructor(bookingId: string, expected: string, wanted: string) {
    super(`booking ${bookingId} is no longer ${expected}; refusing to set it ${wanted}`);
  }
}

/**
 * A payment event names one of our bookings but a provider payment id we have not recorded yet (our
 * request to the provider has not returned, or failed). Nothing is applied: the provider retries the
 * webhook (409 is not a 2xx), and once our request has stored the id the event matches it exactly.
 */
export class PaymentNotYetKnownError extends ConflictError {
  constructor() {
    super(
      'BOOKING.PAYMENT_NOT_YET_KNOWN',
      'This payment is not known yet: the request for it has not returned. Retry later.',
    );
  }
}

/** Too many holds awaiting payment from one network (an IPv4 address or an IPv6 /64), across clients. */
export class TooManyPendingFromNetworkError extends TooManyRequestsError {
  constructor(limit: number, retryAfterSeconds: number) {
    super(
      'BOOKING.TOO_MANY_PENDING_FROM_NETWORK',
      `${limit} bookings from your network are already awaiting payment; try again later.`,
      retryAfterSeconds,
    );
  }
}

/** Too many holds awaiting payment in one hotel: nobody can hoard a hotel's rooms with unpaid holds. */
export class TooManyPendingInHotelError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(
      'BOOKING.HOTEL_TOO_MANY_PENDING',
      'This hotel has too many bookings awaiting payment right now; try again later.',
      retryAfterSeconds,
    );
  }
}
