import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { type FieldError, ValidationError } from '#platform/errors';
import {
  type ClientRecord,
  deleteClient as deleteRow,
  findClient,
  insertClient,
  listClients,
  updateClient as updateRow,
} from './adapters/clients.repository.js';
import { cancelForClient } from './adapters/messages.repository.js';
import { decodeCursor, page } from './domain/cursor.js';
import { ClientNotFoundError, PhoneTakenError } from './domain/errors.js';
import { parsePhone } from './domain/phone.js';
import type { ClientInput, ListClientsQuery, UpdateClientInput } from './schemas.js';

export type ClientDeps = { db: Kysely<DB>; now: () => Date };
type Actor = Pick<AuthUser, 'id'>;

type ClientRow = NonNullable<Awaited<ReturnType<typeof findClient>>>;

export const clientView = (row: ClientRow) => ({
  id: row.id,
  phone: row.phone,
  operatorCode: row.operator_code,
  tag: row.tag,
  timeZone: row.time_zone,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

/** The phone normalised, or a 400 naming the field. */
export function normalisedPhone(raw: string, field = 'phone') {
  const parsed = parsePhone(raw);
  if (!parsed.ok) {
    const error: FieldError = { in: 'body', field, message: parsed.reason };
    throw new ValidationError([error]);
  }
  return parsed;
}

export async function createClient({ db }: ClientDeps, actor: Actor, input: ClientInput) {
  const phone = normalisedPhone(input.phone);
  const record: ClientRecord = {
    phone: phone.e164,
    operatorCode: phone.operatorCode,
    tag: input.tag ?? null,
    timeZone: input.timeZone,
  };
  const row = await insertClient(db, actor.id, record);
  if (!row) throw new PhoneTakenError();
  return clientView(row);
}

export async function getClient({ db }: ClientDeps, actor: Actor, id: string) {
  const row = await findClient(db, actor.id, id);
  if (!row) throw new ClientNotFoundError();
  return clientView(row);
}

export async function listMyClients({ db }: ClientDeps, actor: Actor, query: ListClientsQuery) {
  const rows = await listClients(db, actor.id, {
    tag: query.tag,
    operatorCode: query.operatorCode,
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  return page(rows, query.limit, clientView);
}

export async function updateClient({ db }: ClientDeps, actor: Actor, id: string, input: UpdateClientInput) {
  const current = await findClient(db, actor.id, id);
  if (!current) throw new ClientNotFoundError();
  const phone = input.phone === undefined ? undefined : normalisedPhone(input.phone);
  const row = await updateRow(db, actor.id, id, {
    phone: phone?.e164 ?? current.phone,
    operatorCode: phone?.operatorCode ?? current.operator_code,
    tag: input.tag === undefined ? current.tag : input.tag,
    timeZone: input.timeZone ?? current.time_zone,
  });
  if (row === 'taken') throw new PhoneTakenError();
  if (!row) throw new ClientNotFoundError();
  return clientView(row);
}

/** Deletes the client; messages not yet sent to it are cancelled (sent ones stay in the statistics). */
export async function deleteClient({ db, now }: ClientDeps, actor: Actor, id: string) {
  await db.transaction().execute(async (trx) => {
    if (!(await deleteRow(trx, actor.id, id))) throw new ClientNotFoundError();
    await cancelForClient(trx, id, now());
  });
}
