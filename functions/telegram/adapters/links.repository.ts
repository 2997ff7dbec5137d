import { type Kysely, sql } from 'kysely';
import type { DB } from '#platform/db/schema';

export async function insertLinkCode(db: Kysely<DB>, userId: string, code: string, expiresAt: Date) {
  await db
    .insertInto('telegram_link_codes')
    .values({ code, user_id: userId, expires_at: expiresAt })
    .execute();
}

/**
 * Uses a one-time code (unused, unexpired) and links the chat to its user in one transaction; a chat
 * linked to another account before is moved. Returns the user, or null for an unknown/used/expired code.
 */
export async function redeemLinkCode(
  db: Kysely<DB>,
  code: string,
  chatId: string,
  username: string | null,
): Promise<string | null> {
  return db.transaction().execute(async (trx) => {
    const used = await trx
      .updateTable('telegram_link_codes')
      .set({ used_at: sql<Date>`now()` })
      .where('code', '=', code)
      .where('used_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .returning('user_id')
      .executeTakeFirst();
    if (!used) return null;
    await trx.deleteFrom('telegram_links').where('chat_id', '=', chatId).execute();
    await trx
      .insertInto('telegram_links')
      .values({ user_id: used.user_id, chat_id: chatId, username })
      .onConflict((conflict) =>
        conflict.column('user_id').doUpdateSet({ chat_id: chatId, username, linked_at: sql<Date>`now()` }),
      )
      .execute();
    return used.user_id;
  });
}

export async function findUserOfChat(db: Kysely<DB>, chatId: string): Promise<string | null> {
  const row = await db
    .selectFrom('telegram_links')
    .select('user_id')
    .where('chat_id', '=', chatId)
    .executeTakeFirst();
  return row?.user_id ?? null;
}

export async function findChatOfUser(db: Kysely<DB>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('telegram_links')
    .select('chat_id')
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? String(row.chat_id) : null;
}

/** The linked chats of several users in one query; users without a chat are absent. */
export async function findChatsOfUsers(db: Kysely<DB>, userIds: string[]): Promise<Map<string, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('telegram_links')
    .select(['user_id', 'chat_id'])
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
  return new Map(rows.map((row) => [row.user_id, String(row.chat_id)]));
}

export async function deleteLink(
  db: Kysely<DB>,
  where: { userId?: string; chatId?: string },
): Promise<boolean> {
  let query = db.deleteFrom('telegram_links');
  if (where.userId) query = query.where('user_id', '=', where.userId);
  if (where.chatId) query = query.where('chat_id', '=', where.chatId);
  const result = await query.executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
