import type { Kysely } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import { findMailing, listMailings } from './adapters/mailings.repository.js';
import { countsByOperator, countsByStatus, listMessages } from './adapters/messages.repository.js';
import { decodeCursor, page } from './domain/cursor.js';
import { MESSAGE_STATUSES, type MessageStatus } from './domain/delivery.js';
import { MailingNotFoundError } from './domain/errors.js';
import type { MailingStatsQuery } from './schemas.js';

type Deps = { db: Kysely<DB> };
type Actor = Pick<AuthUser, 'id'>;
type Counts = Record<MessageStatus, number>;

const zero = (): Counts => Object.fromEntries(MESSAGE_STATUSES.map((status) => [status, 0])) as Counts;
const total = (counts: Counts) => Object.values(counts).reduce((sum, n) => sum + n, 0);

/** Every mailing of the caller (a page of them) with its message counts by status, from the counters. */
export async function listMailingStats(
  { db }: Deps,
  actor: Actor,
  query: { limit: number; cursor?: string },
) {
  const rows = await listMailings(db, actor.id, {
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
  });
  const mailings = rows.slice(0, query.limit);
  const counts = new Map(mailings.map((mailing) => [mailing.id, zero()]));
  for (const row of await countsByStatus(
    db,
    mailings.map((mailing) => mailing.id),
  )) {
    counts.get(row.mailing_id)![row.status as MessageStatus] = Number(row.count);
  }
  return page(rows, query.limit, (mailing) => {
    const byStatus = counts.get(mailing.id) ?? zero();
    return { mailingId: mailing.id, status: mailing.status as never, total: total(byStatus), byStatus };
  });
}

/** One mailing: counts by status and by operator code (counters), and a page of its messages. */
export async function getMailingStats({ db }: Deps, actor: Actor, id: string, query: MailingStatsQuery) {
  const mailing = await findMailing(db, actor.id, id);
  if (!mailing) throw new MailingNotFoundError();
  const byStatus = zero();
  const byOperatorCode: Record<string, Counts> = {};
  for (const row of await countsByOperator(db, id)) {
    const status = row.status as MessageStatus;
    const count = Number(row.count);
    byStatus[status] += count;
    byOperatorCode[row.operator_code] ??= zero();
    byOperatorCode[row.operator_code]![status] += count;
  }
  const messages = await listMessages(db, id, {
    after: decodeCursor(query.cursor),
    limit: query.limit + 1,
    status: query.status as MessageStatus | undefined,
  });
  return {
    mailingId: id,
    status: mailing.status as never,
    total: total(byStatus),
    byStatus,
    byOperatorCode,
    messages: page(messages, query.limit, (message) => ({
      id: message.id,
      clientId: message.client_id,
      phone: message.phone,
      operatorCode: message.operator_code,
      status: message.status,
      attempts: message.attempts,
      lastError: message.last_error,
      createdAt: message.created_at.toISOString(),
      updatedAt: message.updated_at.toISOString(),
      sentAt: message.sent_at?.toISOString() ?? null,
    })),
  };
}
