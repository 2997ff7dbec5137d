import type { Kysely, Transaction } from 'kysely';
import type { AuthUser } from '#platform/auth/tokens';
import type { DB } from '#platform/db/schema';
import {
  findMailing,
  findMailingForUpdate,
  type MailingRow,
  setMailingStatus,
} from './adapters/mailings.repository.js';
import { MailingNotFoundError, MailingStateError } from './domain/errors.js';
import { type MailingDeps, mailingView } from './mailings.js';

type Actor = Pick<AuthUser, 'id'>;
type ControlDeps = MailingDeps & { leaseMs: number };

async function withMailing<T>(
  db: Kysely<DB>,
  actor: Actor,
  id: string,
  change: (trx: Transaction<DB>, status: string, mailing: MailingRow) => Promise<T>,
) {
  return db.transaction().execute(async (trx) => {
    const mailing = await findMailingForUpdate(trx, actor.id, id);
    if (!mailing) throw new MailingNotFoundError();
    return change(trx, mailing.status, mailing);
  });
}

/** Stops sending: messages not yet sent stay pending (their queue messages are dropped on arrival). */
export async function pauseMailing(deps: ControlDeps, actor: Actor, id: string) {
  const row = await withMailing(deps.db, actor, id, async (trx, status, mailing) => {
    if (status === 'paused') return mailing;
    if (status !== 'scheduled' && status !== 'running') throw new MailingStateError('paused', status);
    return setMailingStatus(trx, id, 'paused');
  });
  return mailingView(row);
}

/**
 * Sending goes on: the dispatcher puts every open message back on the queue (in batches) under the
 * mailing's new resume count, and the rate slots start afresh from now. The queue messages from before
 * the resume (and the slots they hold) are dropped on arrival, so no message spends two slots.
 */
export async function resumeMailing(deps: ControlDeps, actor: Actor, id: string) {
  const row = await withMailing(deps.db, actor, id, async (trx, status, mailing) => {
    if (status === 'running' || status === 'scheduled') return mailing;
    if (status !== 'paused') throw new MailingStateError('resumed', status);
    const next = mailing.starts_at > deps.now() ? 'scheduled' : 'running';
    return setMailingStatus(trx, id, next, { requeue: true });
  });
  if (row.starts_at <= deps.now()) {
    await deps.kick(id).catch(() => undefined);
  }
  return mailingView(row);
}

/**
 * Nothing more is sent: from the commit on no message of the mailing can be claimed (the claim checks
 * the mailing), and a call already under way finishes and is recorded. Its open messages and the
 * clients that never got one become `cancelled` in bounded batches: right away for up to two seconds
 * (the kick), the rest by the every-minute dispatcher. A mailing cancelled before its start has no
 * audience: it is closed at once.
 */
export async function cancelMailing(deps: ControlDeps, actor: Actor, id: string) {
  const row = await withMailing(deps.db, actor, id, async (trx, status, mailing) => {
    if (status === 'cancelled') return mailing;
    if (status === 'finished') throw new MailingStateError('cancelled', status);
    const now = deps.now();
    const started = mailing.starts_at <= now || mailing.dispatch_cursor !== null;
    return setMailingStatus(trx, id, 'cancelled', started ? {} : { finishedAt: now });
  });
  if (row.finished_at === null) await deps.kick(id).catch(() => undefined);
  return mailingView((await findMailing(deps.db, actor.id, id)) ?? row);
}
