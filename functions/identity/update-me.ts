import type { AuthUser } from '#platform/auth/tokens';
import { updateUser } from './adapters/users.repository.js';
import { UserNotFoundError } from './domain/errors.js';
import { toPublicUser } from './domain/user.js';
import type { ProfileDeps } from './get-me.js';
import type { UpdateMeInput } from './schemas.js';

/** Changes the caller's name or time zone. */
export async function updateMe({ db }: ProfileDeps, caller: AuthUser, changes: UpdateMeInput) {
  const user = await updateUser(db, caller.id, changes);
  if (!user) throw new UserNotFoundError();
  return toPublicUser(user);
}
