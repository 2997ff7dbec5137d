import { ConflictError, NotFoundError, TooManyRequestsError, UnauthorizedError } from '#platform/errors';

// Every error the identity context answers with: one class per stable code, listed in ../openapi.ts.

export class EmailTakenError extends ConflictError {
  constructor() {
    super('IDENTITY.EMAIL_TAKEN', 'An account with this email already exists.');
  }
}

/** One message for unknown email and wrong password, so accounts cannot be enumerated. */
export class InvalidCredentialsError extends UnauthorizedError {
  constructor() {
    super('Email or password is wrong.', 'IDENTITY.INVALID_CREDENTIALS');
  }
}

export class UserNotFoundError extends NotFoundError {
  constructor() {
    super('IDENTITY.USER_NOT_FOUND', 'This account no longer exists.');
  }
}

export class LoginThrottledError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super('IDENTITY.LOGIN_THROTTLED', 'Too many login attempts. Try again later.', retryAfterSeconds);
  }
}

export class RegistrationThrottledError extends TooManyRequestsError {
  constructor(retryAfterSeconds: number) {
    super(
      'IDENTITY.REGISTRATION_THROTTLED',
      'Too many sign-ups from this address. Try again later.',
      retryAfterSeconds,
    );
  }
}
