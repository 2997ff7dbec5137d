import type { Executor } from './events.repository.js';

/** Issues or rotates the user's feed token: one row per user, the old hash stops working at once. */
export async function saveFeedTokenHash(
  db: Executor,
  userId: string,
  tokenHash: string,
  now: Date,
): Promise<void> {
  await db
    .insertInto('calendar_feed_tokens')
    .values({ user_id: userId, token_hash: tokenHash, created_at: now })
    .onConflict((conflict) =>
      conflict.column('user_id').doUpdateSet({ token_hash: tokenHash, created_at: now }),
    )
    .execute();
}

export async function findUserByFeedTokenHash(db: Executor, tokenHash: string) {
  return db
    .selectFrom('calendar_feed_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select(['u.id', 'u.name', 'u.time_zone'])
    .where('t.token_hash', '=', tokenHash)
    .executeTakeFirst();
}
