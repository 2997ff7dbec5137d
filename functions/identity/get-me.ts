import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { findUserById } from './adapters/users.repository.js';
import { UserNotFoundError } from './domain/errors.js';
import { toPublicUser } from './domain/user.js';

export interface ProfileDeps {
  db: Kysely<DB>;
}

/** The caller's own account. */
export async function getMe({ db }: ProfileDeps, caller: AuthUser) {
  const user = await findUserById(db, caller.id);
  if (!user) throw new UserNotFoundError();
  return toPublicUser(user);
}
