import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { findUserById, updateUser } from './adapters/users.repository.js';
import { toPublicUser, UserNotFoundError } from './domain/user.js';
import type { UpdateMeInput } from './schemas.js';

export async function getProfile({ db }: { db: Kysely<DB> }, caller: AuthUser) {
  const user = await findUserById(db, caller.id);
  if (!user) throw new UserNotFoundError();
  return toPublicUser(user);
}

export async function updateProfile({ db }: { db: Kysely<DB> }, caller: AuthUser, changes: UpdateMeInput) {
  const user = await updateUser(db, caller.id, changes);
  if (!user) throw new UserNotFoundError();
  return toPublicUser(user);
}
