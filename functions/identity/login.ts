import type { Kysely } from 'kysely';
import { issueAccessToken } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import type { LoginThrottle } from './adapters/throttles.js';
import { findUserByEmail, replacePasswordHash } from './adapters/users.repository.js';
import { passwordCost } from './config.js';
import { InvalidCredentialsError } from './domain/errors.js';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './domain/passwords.js';
import { toPublicUser, type Visitor } from './domain/user.js';
import type { LoginInput } from './schemas.js';

export interface LoginDeps {
  db: Kysely<DB>;
  throttle: LoginThrottle;
}

/** Signs in: every attempt counts against the account and the visitor's address before the password is checked. */
export async function login({ db, throttle }: LoginDeps, visitor: Visitor, input: LoginInput) {
  await throttle.begin(input.email, visitor.ip);
  const user = await findUserByEmail(db, input.email);
  // Hash even for unknown emails so response time does not reveal which accounts exist.
  const cost = passwordCost();
  const valid = await verifyPassword(input.password, user?.passwordHash ?? (await dummyHash(cost)));
  if (!user || !valid) throw new InvalidCredentialsError();
  await throttle.succeeded(input.email, visitor.ip);
  if (needsRehash(user.passwordHash, cost)) {
    // The only moment the plain password is known: upgrade a hash made with an older, lower cost.
    await replacePasswordHash(db, user.id, user.passwordHash, await hashPassword(input.password, cost));
  }
  const { token, expiresAt } = await issueAccessToken(user);
  return { user: toPublicUser(user), token, expiresAt: expiresAt.toISOString() };
}
