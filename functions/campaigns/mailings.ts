import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { ValidationError } from '#platform/errors';
import { log } from '#platform/observability';
import {
  findMailing,
  findMailingForUpdate,
  insertMailing,
  listMailings,
  type MailingRecord,
  type MailingRow,
  updateMailingFields,
} from './adapters/mailings.repository.js';
import { decodeCursor, page } from './domain/cursor.js';
import { MailingNotFoundError, MailingStartedError } from './domain/errors.js';
import type { CreateMailingInput, UpdateMailingInput } from './schemas.js';

export interface MailingDeps {
  db: Kysely<DB>;
  now: () => Date;
  /** Works on a mailing right away: dispatches a started one, closes a cancelled one (best effort: the every-minute cron catches up anyway). */
  kick: (mailingId: string) => Promise<void>;
}
type Actor = Pick<AuthUser, 'id'>;

export const mailingView = (row: MailingRow) => ({
  id: row.id,
  text: row.text,
  startsAt: row.starts_at.toISOString(),
  endsAt: row.ends_at.toISOString(),
  filter: { tags: row.filter_tags, operatorCodes: row.filter_operator_codes },
  sendWindow: row.window_start && row.window_end ? { start: row.window_start, end: row.window_end } : null,
  ratePerSecond: row.rate_per_second,
  status: row.status as 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished',
  dispatched: row.dispatched_at !== null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

function assertEndsInFuture(endsAt: Date, now: Date) {
  if (endsAt <= now) {
    throw new ValidationError([{ in: 'body', field: 'endsAt', message: 'endsAt must be in the future.' }]);
  }
}

/** A quiet best-effort kick: the request never fails because the dispatcher could not start. */
async function kickQuietly(deps: MailingDeps, row: MailingRow) {
  if (row.starts_at > deps.now()) return;
  try {
    await deps.kick(row.id);
  } catch (error) {
    log().warn('mailing dispatch deferred to the cron', { mailingId: row.id, error: error as Error });
  }
}

export async function createMailing(deps: MailingDeps, actor: Actor, input: CreateMailingInput) {
  const record: MailingRecord = {
    text: input.text,
    startsAt: new Date(input.startsAt),
    endsAt: new Date(input.endsAt),
    tags: [...new Set(input.filter.tags ?? [])],
    operatorCodes: [...new Set(input.filter.operatorCodes ?? [])],
    window: input.sendWindow ?? null,
    ratePerSecond: input.ratePerSecond ?? null,
  };
  assertEndsInFuture(record.endsAt, deps.now());
  const row = await insertMailing(deps.db, actor.id, record);
  await kickQuietly(deps, row);
  return mailingView((await findMailing(deps.db, actor.id, row.id)) ?? row);
}

export async function getMailing({ db }: Pick<MailingDeps, 'db'>, actor: Actor, id: string) {
  const row = await findMailing(db, actor.id, id);
  if (!row) throw new MailingNotFoundError();
  return mailingView(row);
}

export async function listMyMailings(
  { db }: Pick<MailingDeps, 'db'>,
  actor: Actor,
  query: { limit: number; cursor?: string },
) {
  const rows = await listMailings(db, actor.id, {
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  return page(rows, query.limit, mailingView);
}

/** Changes a mailing before its start only (409 after): what is being sent never changes under it. */
export async function updateMailing(deps: MailingDeps, actor: Actor, id: string, input: UpdateMailingInput) {
  const row = await deps.db.transaction().execute(async (trx) => {
    const current = await findMailingForUpdate(trx, actor.id, id);
    if (!current) throw new MailingNotFoundError();
    if (current.status !== 'scheduled' || current.starts_at <= deps.now()) throw new MailingStartedError();
    const record: MailingRecord = {
      text: input.text ?? current.text,
      startsAt: input.startsAt ? new Date(input.startsAt) : current.starts_at,
      endsAt: input.endsAt ? new Date(input.endsAt) : current.ends_at,
      tags: input.filter ? [...new Set(input.filter.tags ?? [])] : current.filter_tags,
      operatorCodes: input.filter
        ? [...new Set(input.filter.operatorCodes ?? [])]
        : current.filter_operator_codes,
      window:
        input.sendWindow === undefined
          ? current.window_start && current.window_end
            ? { start: current.window_start, end: current.window_end }
            : null
          : input.sendWindow,
      ratePerSecond: input.ratePerSecond === undefined ? current.rate_per_second : input.ratePerSecond,
    };
    if (record.endsAt <= record.startsAt) {
      throw new ValidationError([{ in: 'body', field: 'endsAt', message: 'endsAt must be after startsAt.' }]);
    }
    assertEndsInFuture(record.endsAt, deps.now());
    return updateMailingFields(trx, id, record);
  });
  await kickQuietly(deps, row);
  return mailingView(row);
}
