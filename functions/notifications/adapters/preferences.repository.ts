import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Preferences } from '../domain/delivery-policy.js';

type Db = Kysely<DB> | Transaction<DB>;

export async function findPreferences(db: Db, userId: string): Promise<Preferences | null> {
  const row = await db
    .selectFrom('notification_preferences')
    .select(['channels', 'quiet_start', 'quiet_end'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    channels: row.channels as Preferences['channels'],
    quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
  };
}

export async function savePreferences(db: Db, userId: string, preferences: Preferences): Promise<void> {
  const values = {
    channels: JSON.stringify(preferences.channels),
    quiet_start: preferences.quietHours?.start ?? null,
    quiet_end: preferences.quietHours?.end ?? null,
    updated_at: new Date(),
  };
  await db
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...values })
    .onConflict((conflict) => conflict.column('user_id').doUpdateSet(values))
    .execute();
}
