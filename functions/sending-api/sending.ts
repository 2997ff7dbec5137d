import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema';
import {
  acceptOnce,
  countRequestThisSecond,
  deliveryStats,
  findDelivery,
  readFaults,
  writeFaults,
} from './adapters/sending.repository.js';
import type { SendMessageAccepted, SendMessageRequest } from './contract.js';
import {
  SendingApiDownError,
  SendingApiIdMismatchError,
  SendingApiIdReusedError,
  SendingApiInjectedError,
  SendingApiMessageNotFoundError,
  SendingApiRateLimitedError,
} from './domain/errors.js';
import type { Faults } from './schemas.js';

export interface SendingApiDeps {
  db: Kysely<DB>;
  now: () => Date;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * The external sending service: takes one message per id. Faults apply in the order a real gateway
 * fails: down (503) → over its rate (429) → internal error (500), all before anything is accepted; the
 * configured latency comes after acceptance, so a caller that times out has lost only the answer.
 */
export async function sendMessage(
  deps: SendingApiDeps,
  messageId: string,
  message: SendMessageRequest,
): Promise<SendMessageAccepted> {
  if (message.id !== messageId) throw new SendingApiIdMismatchError();
  const faults = await readFaults(deps.db);
  if (faults.down) throw new SendingApiDownError();
  if (faults.maxPerSecond !== null) {
    const count = await countRequestThisSecond(deps.db, deps.now());
    if (count > faults.maxPerSecond) throw new SendingApiRateLimitedError();
  }
  if (faults.errorRate > 0 && deps.random() < faults.errorRate) throw new SendingApiInjectedError();
  const accepted = await acceptOnce(deps.db, message, deps.now());
  if (accepted.phone !== message.phone || accepted.text !== message.text) throw new SendingApiIdReusedError();
  if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs);
  return { messageId, status: 'accepted', duplicate: accepted.duplicate };
}

export const setFaults = async ({ db }: Pick<SendingApiDeps, 'db'>, faults: Faults) => {
  await writeFaults(db, faults);
  return faults;
};

export const getFaults = ({ db }: Pick<SendingApiDeps, 'db'>) => readFaults(db);

export async function getDelivery({ db }: Pick<SendingApiDeps, 'db'>, messageId: string) {
  const row = await findDelivery(db, messageId);
  if (!row) throw new SendingApiMessageNotFoundError();
  return {
    messageId: row.message_id,
    phone: row.phone,
    deliveries: row.deliveries,
    requests: row.requests,
    acceptedAt: row.accepted_at.toISOString(),
  };
}

export const getDeliveryStats = ({ db }: Pick<SendingApiDeps, 'db'>) => deliveryStats(db);
