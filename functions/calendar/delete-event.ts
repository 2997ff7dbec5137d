import { ownedBy } from '#platform/auth/access';
import type { AuthUser } from '#platform/auth/tokens';
import { findEvent, deleteEvent as removeEvent } from './adapters/events.repository.js';
import type { CalendarDeps } from './deps.js';
import { EventNotFoundError } from './domain/errors.js';

/** Deletes the event; its pending reminders go with it (foreign key cascade), so none fires afterwards. */
export async function deleteEvent({ db }: CalendarDeps, caller: AuthUser, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    ownedBy(
      await findEvent(trx, id, { forUpdate: true }),
      (event) => event.ownerId,
      caller,
      EventNotFoundError,
    );
    await removeEvent(trx, id);
  });
}
