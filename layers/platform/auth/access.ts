import { ForbiddenError, type NotFoundError } from '../errors.js';
import type { AuthUser, Role } from './tokens.js';

/** Throws 403 unless the caller has one of the roles. */
export function requireRole(user: AuthUser, ...roles: Role[]): void {
  if (!roles.includes(user.role)) {
    throw new ForbiddenError('AUTH.ROLE_REQUIRED', `This action requires the ${roles.join(' or ')} role.`);
  }
}

/**
 * Returns the resource if the caller owns it. A missing resource and someone else's resource look the
 * same (404), so ids cannot be probed for existence. `notFound` is the context's own error class (e.g.
 * `EventNotFoundError`, code `CALENDAR.EVENT_NOT_FOUND`), so the code stays the context's.
 */
export function ownedBy<T>(
  resource: T | undefined | null,
  ownerId: (resource: T) => string,
  user: AuthUser,
  notFound: new () => NotFoundError,
): T {
  if (!resource || ownerId(resource) !== user.id) throw new notFound();
  return resource;
}
