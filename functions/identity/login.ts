import type { Kysely } from 'kysely';
import { issueAccessToken } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import type { LoginThrottle } from './adapters/throttles.js';
import { findUserByEmail } from './adapters/users.repository.js';
import { DUMMY_HASH, verifyPassword } from './domain/passwords.js';
import { InvalidCredentialsError, toPublicUser } from './domain/user.js';
import type { LoginInput } from './schemas.js';

export interface LoginDeps {
  db: Kysely<DB>;
  throttle: LoginThrottle;
}

export async function login({ db, throttle }: LoginDeps, input: LoginInput, clientIp: string) {
  await throttle.begin(input.email, clientIp);
  const user = await findUserByEmail(db, input.email);
  // Hash even for unknown emails so response time does not reveal which accounts exist.
  const valid = await verifyPassword(input.password, user?.passwordHash ?? DUMMY_HASH);
  if (!user || !valid) throw new InvalidCredentialsError();
  await throttle.succeeded(input.email);
  const { token, expiresAt } = await issueAccessToken(user);
  return { user: toPublicUser(user), token, expiresAt: expiresAt.toISOString() };
}
