import { ownedBy } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import { findEvent } from './adapters/events.repository.js';
import type { CalendarDeps } from './deps.js';
import { EventNotFoundError } from './domain/errors.js';
import type { CalendarEvent } from './domain/event.js';

/** The caller's event; someone else's id answers 404 exactly like a missing one. */
export async function getEvent({ db }: CalendarDeps, caller: AuthUser, id: string): Promise<CalendarEvent> {
  return ownedBy(await findEvent(db, id), (event) => event.ownerId, caller, EventNotFoundError);
}
