import { randomUUID } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { getDb } from '#platform/db/index';
import { enqueue, MAX_ATTEMPTS, relay } from '#platform/messaging/outbox';
import { handler as relayOutbox } from '../../../functions/platform/handlers/cron/relay-outbox.js';
import { lambdaContext } from '../../support/http-event.js';
import { type FaultyEndpoint, faultyEndpoint } from './faulty-endpoint.js';
import { createQueue, directSqs, drainAll, queueName, testMessage } from './outbox-sqs.js';

// This is the only file that relays EVERY pending row (the relayOutbox cron test at the end): the other
// outbox tests relay only their own ids, so a concurrent run of theirs never takes these rows.
// The functions under test reach SQS through a switchable endpoint in front of the real emulator.
// (The platform config is read on first use, i.e. after beforeAll has pointed SQS_ENDPOINT at it.)
const emulator = process.env.SQS_ENDPOINT!;
let endpoint: FaultyEndpoint;
let sqs: SQSClient;

beforeAll(async () => {
  endpoint = await faultyEndpoint(emulator);
  process.env.SQS_ENDPOINT = endpoint.url;
  sqs = directSqs(emulator);
});
afterAll(async () => {
  sqs.destroy();
  await endpoint.close();
});

describe('relay during an SQS outage', () => {
  it('keeps every message through 15 runs against an unreachable SQS, then delivers each exactly once', async () => {
    const db = await getDb();
    const name = queueName('outage');
    const url = await createQueue(sqs, name);
    const marker = randomUUID();
    const ids = await db.transaction().execute((trx) =>
      enqueue(
        trx,
        { name, schema: testMessage },
        Array.from({ length: 25 }, (_, n) => ({ marker, n })),
      ),
    );

    await endpoint.set('refuse');
    for (let run = 1; run <= 15; run++) expect((await relay(db, { ids })).sent).toBe(0);
    const waiting = await db.selectFrom('outbox').selectAll().where('id', 'in', ids).execute();
    await endpoint.set('forward');
    await relay(db, { ids });

    expect(waiting).toHaveLength(25);
    for (const row of waiting) {
      expect(row).toMatchObject({ set_aside_at: null, attempts: 0, claimed_until: null });
    }
    expect(waiting[0]!.last_error).toMatch(/ECONNREFUSED/);
    const delivered = await drainAll(sqs, url);
    expect(delivered.map((message) => message.n).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, n) => n),
    );
    expect(await db.selectFrom('outbox').select('id').where('id', 'in', ids).execute()).toEqual([]);
  });

  it('still sets a message aside after MAX_ATTEMPTS permanent refusals (a queue that does not exist)', async () => {
    const db = await getDb();
    const [id] = await enqueue(db, { name: queueName('missing'), schema: testMessage }, [
      { marker: randomUUID(), n: 1 },
    ]);

    for (let run = 1; run <= MAX_ATTEMPTS; run++) await relay(db, { ids: [id!] });
    const row = await db.selectFrom('outbox').selectAll().where('id', '=', id!).executeTakeFirstOrThrow();
    await db.deleteFrom('outbox').where('id', '=', id!).execute();

    expect(row.attempts).toBe(MAX_ATTEMPTS);
    expect(row.set_aside_at).not.toBeNull();
    expect(row.last_error).toMatch(/queue does not exist/i);
  });
});

describe('relay to a FIFO queue during an SQS outage', () => {
  it('keeps every group in order and sends each row once when SQS is back', async () => {
    const db = await getDb();
    const name = `${queueName('outage')}.fifo`;
    const url = await createQueue(sqs, name);
    const marker = randomUUID();
    const fifo = {
      name,
      schema: testMessage,
      fifo: { groupId: () => marker, deduplicationId: (message: { n: number }) => `${marker}-${message.n}` },
    };
    const ids: string[] = [];
    // One transaction per row, as FIFO producers write a group's rows.
    for (let n = 0; n < 6; n++) ids.push(...(await enqueue(db, fifo, [{ marker, n }])));

    await endpoint.set('refuse');
    for (let run = 1; run <= 15; run++) expect((await relay(db, { ids })).sent).toBe(0);
    const waiting = await db.selectFrom('outbox').selectAll().where('id', 'in', ids).execute();
    await endpoint.set('forward');
    for (let run = 0; run < 6 && (await relay(db, { ids })).sent > 0; run++);

    expect(waiting.map((row) => [row.attempts, row.set_aside_at])).toEqual(ids.map(() => [0, null]));
    expect((await drainAll(sqs, url)).map((message) => message.n)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await db.selectFrom('outbox').select('id').where('id', 'in', ids).execute()).toEqual([]);
  });
});

describe('the relayOutbox cron', () => {
  it('sends rows that were never relayed', async () => {
    await endpoint.set('forward');
    const db = await getDb();
    const name = queueName('cron');
    const url = await createQueue(sqs, name);
    const marker = randomUUID();
    const [id] = await enqueue(db, { name, schema: testMessage }, [{ marker, n: 7 }]);
    const scheduled = { id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events' } as const;

    const result = await relayOutbox(scheduled, lambdaContext('relayOutbox'));

    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('outbox').select('id').where('id', '=', id!).execute()).toEqual([]);
    expect((await drainAll(sqs, url)).map((message) => message.n)).toEqual([7]);
  });
});
