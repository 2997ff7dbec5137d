import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB } from '#platform/db/schema';

type Executor = Kysely<DB> | Transaction<DB>;

export interface ClientRecord {
  phone: string;
  operatorCode: string;
  tag: string | null;
  timeZone: string;
}

const isUniqueViolation = (error: unknown) => (error as { code?: string }).code === '23505';

/** undefined when the owner already has this phone (the unique (owner, phone) decides). */
export async function insertClient(db: Executor, ownerId: string, client: ClientRecord) {
  return db
    .insertInto('campaign_clients')
    .values({
      owner_id: ownerId,
      phone: client.phone,
      operator_code: client.operatorCode,
      tag: client.tag,
      time_zone: client.timeZone,
    })
    .onConflict((conflict) => conflict.columns(['owner_id', 'phone']).doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function findClient(db: Executor, ownerId: string, id: string) {
  return db
    .selectFrom('campaign_clients')
    .selectAll()
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
}

export async function listClients(
  db: Executor,
  ownerId: string,
  filter: { tag?: string; operatorCode?: string; after?: string; limit: number },
) {
  let query = db
    .selectFrom('campaign_clients')
    .selectAll()
    .where('owner_id', '=', ownerId)
    .orderBy('id')
    .limit(filter.limit);
  if (filter.tag !== undefined) query = query.where('tag', '=', filter.tag);
  if (filter.operatorCode !== undefined) query = query.where('operator_code', '=', filter.operatorCode);
  if (filter.after) query = query.where('id', '>', filter.after);
  return query.execute();
}

/** 'taken' when the new phone belongs to another of the owner's clients; undefined when not found. */
export async function updateClient(db: Executor, ownerId: string, id: string, client: ClientRecord) {
  try {
    return await db
      .updateTable('campaign_clients')
      .set({
        phone: client.phone,
        operator_code: client.operatorCode,
        tag: client.tag,
        time_zone: client.timeZone,
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .where('owner_id', '=', ownerId)
      .returningAll()
      .executeTakeFirst();
  } catch (error) {
    if (isUniqueViolation(error)) return 'taken' as const;
    throw error;
  }
}

export async function deleteClient(db: Executor, ownerId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('campaign_clients')
    .where('id', '=', id)
    .where('owner_id', '=', ownerId)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/**
 * Creates or updates clients by phone, in one statement per chunk. Unchanged rows are not touched
 * (the WHERE on the conflict update), so `unchanged` is what the import found already in place.
 */
export async function upsertClients(trx: Transaction<DB>, ownerId: string, clients: ClientRecord[]) {
  if (clients.length === 0) return { created: 0, updated: 0 };
  const rows = await trx
    .insertInto('campaign_clients')
    .values(
      clients.map((client) => ({
        owner_id: ownerId,
        phone: client.phone,
        operator_code: client.operatorCode,
        tag: client.tag,
        time_zone: client.timeZone,
      })),
    )
    .onConflict((conflict) =>
      conflict
        .columns(['owner_id', 'phone'])
        .doUpdateSet((eb) => ({
          tag: eb.ref('excluded.tag'),
          time_zone: eb.ref('excluded.time_zone'),
          operator_code: eb.ref('excluded.operator_code'),
          updated_at: sql`now()`,
        }))
        .where(
          sql<boolean>`(campaign_clients.tag, campaign_clients.time_zone) is distinct from (excluded.tag, excluded.time_zone)`,
        ),
    )
    .returning(sql<boolean>`xmax = 0`.as('inserted'))
    .execute();
  const created = rows.filter((row) => row.inserted).length;
  return { created, updated: rows.length - created };
}
