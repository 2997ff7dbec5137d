import type { Role } from '#platform/auth/tokens';
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

/** Who calls an operation that needs no account (sign-up, sign-in): known only by their address. */
export interface Visitor {
  ip: string;
}
