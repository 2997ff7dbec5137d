import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { sql } from 'kysely';
import { getDb } from '#platform/db/index';
import { httpHandler } from '#platform/http/handler';
import { json } from '#platform/http/responses';
import { enqueue, relayQuietly } from '#platform/messaging/outbox';
import { httpEvent, lambdaContext } from '../../support/http-event.js';
import { type FaultyEndpoint, faultyEndpoint } from './faulty-endpoint.js';
import { queueName, testMessage } from './outbox-sqs.js';

// An SQS endpoint that accepts connections and never answers: the request that enqueued must still
// answer (its relay has a time budget), and no transaction may stay open while the relay waits on SQS.
let endpoint: FaultyEndpoint;
beforeAll(async () => {
  endpoint = await faultyEndpoint(process.env.SQS_ENDPOINT!, 'blackhole');
  process.env.SQS_ENDPOINT = endpoint.url;
  process.env.OUTBOX_RELAY_BUDGET_MS = '2500';
});
afterAll(async () => {
  await endpoint.close();
  // Closing drops the request the SDK still had open (GetQueueUrl is not aborted by the relay's budget,
  // only no longer awaited): let its rejection settle while this file is alive, not in the next one.
  await new Promise((resolve) => setTimeout(resolve, 500));
});

const queue = { name: queueName('blackhole'), schema: testMessage };
let enqueued: string[] = [];

// A route like every one that changes state and announces it: commit with the outbox row, then relay.
const createThing = httpHandler({
  auth: false,
  handler: async () => {
    const db = await getDb();
    enqueued = await db.transaction().execute((trx) => enqueue(trx, queue, [{ marker: randomUUID(), n: 1 }]));
    await relayQuietly(db, enqueued);
    return json(201, { id: enqueued[0] });
  },
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Can another session lock the row right now? (No while a transaction holds it, FOR UPDATE.) */
async function rowIsFree(id: string): Promise<boolean> {
  const db = await getDb();
  try {
    await db.transaction().execute(async (trx) => {
      await sql`select id from outbox where id = ${id} for update nowait`.execute(trx);
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false; // lock_not_available
    throw error;
  }
}

describe('relay against an SQS endpoint that never answers', () => {
  it('answers the request, holds no transaction while waiting, and leaves the row for the cron', async () => {
    const response = createThing(httpEvent({ method: 'POST', path: '/things' }), lambdaContext() as Context);
    await until(() => endpoint.unanswered() > 0); // the relay is now waiting on SQS
    const freeWhileWaiting = await rowIsFree(enqueued[0]!);
    const leased = await (await getDb())
      .selectFrom('outbox')
      .select('claimed_until')
      .where('id', '=', enqueued[0]!)
      .executeTakeFirstOrThrow();
    const result = await response;
    const row = await (await getDb())
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', enqueued[0]!)
      .executeTakeFirstOrThrow();
    await (await getDb()).deleteFrom('outbox').where('id', '=', enqueued[0]!).execute();

    expect(freeWhileWaiting).toBe(true);
    expect(leased.claimed_until).not.toBeNull();
    expect(result.statusCode).toBe(201);
    expect(row).toMatchObject({ attempts: 0, set_aside_at: null, claimed_until: null });
  });
});
