import type { Role } from '#platform/auth/tokens';
import { ConflictError, NotFoundError, UnauthorizedError } from '#platform/errors';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../contract.js';

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  /** null: the default, 09:00–18:00 Monday to Friday. */
  workingHours?: WorkingHours | null;
  defaultReminders?: number[] | null;
  passwordHash: string;
  createdAt: Date;
}

export interface PublicUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  timeZone: string;
  workingHours: WorkingHours;
  defaultReminders: number[] | null;
  createdAt: string;
}

export function toPublicUser(user: User): PublicUser {
  const { id, email, name, role, timeZone, createdAt } = user;
  const workingHours = user.workingHours ?? DEFAULT_WORKING_HOURS;
  const defaultReminders = user.defaultReminders ?? null;
  return {
    id,
    email,
    name,
    role,
    timeZone,
    workingHours,
    defaultReminders,
    createdAt: createdAt.toISOString(),
  };
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
