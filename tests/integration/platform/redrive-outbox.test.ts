import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { enqueue, MAX_ATTEMPTS, relay } from '#platform/messaging/outbox';
import { handler as redriveOutbox } from '../../../functions/platform/handlers/ops/redrive-outbox.js';
import { lambdaContext } from '../../support/http-event.js';
import { createQueue, directSqs, drainAll, queueName, testMessage } from './outbox-sqs.js';

describe('redriveOutbox', () => {
  it('puts a set-aside message back in line and sends it once the cause is fixed', async () => {
    const db = await getDb();
    const sqs = directSqs(process.env.SQS_ENDPOINT!);
    const name = queueName('redrive');
    const marker = randomUUID();
    const [id] = await enqueue(db, { name, schema: testMessage }, [{ marker, n: 42 }]);
    for (let run = 1; run <= MAX_ATTEMPTS; run++) await relay(db, { ids: [id!] }); // the queue is missing
    const setAside = await db
      .selectFrom('outbox')
      .selectAll()
      .where('id', '=', id!)
      .executeTakeFirstOrThrow();

    const url = await createQueue(sqs, name); // the operator fixes the cause, then redrives
    const result = await redriveOutbox({ ids: [id!] } as never, lambdaContext('redriveOutbox'));
    const again = await redriveOutbox({ ids: [id!] } as never, lambdaContext('redriveOutbox'));
    const delivered = await drainAll(sqs, url);
    sqs.destroy();

    expect(setAside.set_aside_at).not.toBeNull();
    expect(result).toEqual({ redriven: 1, sent: 1, failed: 0 });
    expect(again).toEqual({ redriven: 0, sent: 0, failed: 0 });
    expect(delivered).toEqual([{ marker, n: 42 }]);
    expect(await db.selectFrom('outbox').select('id').where('id', '=', id!).execute()).toEqual([]);
  });

  it('rejects an event that is not a list of outbox ids', async () => {
    await expect(
      redriveOutbox({ ids: ['1; drop table outbox'] } as never, lambdaContext('redriveOutbox')),
    ).rejects.toThrow();
  });
});
