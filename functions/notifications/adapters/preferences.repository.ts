import type { Kysely, Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';
import type { Preferences } from '../domain/delivery-policy.js';

type Db = Kysely<DB> | Transaction<DB>;

type Row = { channels: unknown; quiet_start: string | null; quiet_end: string | null };

const toPreferences = (row: Row): Preferences => ({
  channels: row.channels as Preferences['channels'],
  quietHours: row.quiet_start && row.quiet_end ? { start: row.quiet_start, end: row.quiet_end } : null,
});

export async function findPreferences(db: Db, userId: string): Promise<Preferences | null> {
  const row = await db
    .selectFrom('notification_preferences')
    .select(['channels', 'quiet_start', 'quiet_end'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? toPreferences(row) : null;
}

/** The preferences of several users in one query; users who never chose are absent. */
export async function findPreferencesOf(db: Db, userIds: string[]): Promise<Map<string, Preferences>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db
    .selectFrom('notification_preferences')
    .select(['user_id', 'channels', 'quiet_start', 'quiet_end'])
    .where('user_id', 'in', unique)
    .execute();
  return new Map(rows.map((row) => [row.user_id, toPreferences(row)]));
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
