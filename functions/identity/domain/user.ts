import type { Role } from '#platform/auth/tokens';
import { ConflictError, NotFoundError, UnauthorizedError } from '#platform/errors';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  passwordHash: string;
  createdAt: Date;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  createdAt: string;
}

export function toPublicUser(user: User): PublicUser {
  const { id, email, name, role, timeZone, createdAt } = user;
  return { id, email, name, role, timeZone, createdAt: createdAt.toISOString() };
}

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
