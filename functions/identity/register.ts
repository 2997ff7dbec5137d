import type { Kysely } from 'kysely';
import { issueAccessToken } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import { notificationsQueue } from '../notifications/contract.js';
import type { RegistrationThrottle } from './adapters/throttles.js';
import { findUserByEmail, insertUser } from './adapters/users.repository.js';
import { userRegisteredQueue } from './contract.js';
import { EmailTakenError } from './domain/errors.js';
import { hashPassword } from './domain/passwords.js';
import { toPublicUser, type Visitor } from './domain/user.js';
import type { RegisterInput } from './schemas.js';

export interface RegisterDeps {
  db: Kysely<DB>;
  throttle: RegistrationThrottle;
}

/**
 * Creates an account and signs it in. The welcome notification is written to the outbox in the same
 * transaction, so it is sent exactly when the account exists, and relayed right after the commit.
 */
export async function register({ db, throttle }: RegisterDeps, visitor: Visitor, input: RegisterInput) {
  await throttle.begin(visitor.ip);
  if (await findUserByEmail(db, input.email)) throw new EmailTakenError();
  const passwordHash = await hashPassword(input.password);
  const { user, outboxIds } = await db.transaction().execute(async (trx) => {
    const created = await insertUser(trx, { ...input, passwordHash, timeZone: input.timeZone ?? 'UTC' });
    if (!created) throw new EmailTakenError(); // lost a race with a concurrent registration
    const ids = await enqueue(trx, notificationsQueue, [
      {
        notificationId: `identity:welcome:${created.id}`,
        recipientId: created.id,
        source: 'identity',
        type: 'identity.welcome',
        title: `Welcome to syncore, ${created.name}!`,
        dueAt: created.createdAt.toISOString(),
      },
    ]);
    // Other contexts (meetings: pending invitations) react to the new account.
    const announced = await enqueue(trx, userRegisteredQueue, [
      {
        type: 'user.registered',
        userId: created.id,
        email: created.email,
        registeredAt: created.createdAt.toISOString(),
      },
    ]);
    return { user: created, outboxIds: [...ids, ...announced] };
  });
  await relayQuietly(db, outboxIds);
  const { token, expiresAt } = await issueAccessToken(user);
  return { user: toPublicUser(user), token, expiresAt: expiresAt.toISOString() };
}
