import type { Role } from '#platform/auth/tokens';

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

/** Who calls an operation that needs no account (sign-up, sign-in): known only by their address. */
export interface Visitor {
  ip: string;
}
