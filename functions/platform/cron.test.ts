import { randomUUID } from 'node:crypto';
import { getDb } from '../../layers/platform/db/index.js';
import { lambdaContext } from '../../tests/support/http-event.js';
import { handler as relayOutbox } from './handlers/cron/relay-outbox.js';
import { handler as migrate } from './handlers/ops/migrate.js';

const scheduled = () =>
  ({
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: new Date().toISOString(),
  }) as const;

describe('scheduled and operational functions', () => {
  it('relayOutbox sends outbox rows that were never relayed', async () => {
    const db = await getDb();
    const [row] = await db
      .insertInto('outbox')
      .values({ queue: 'notifications-dlq', body: JSON.stringify({ stranded: randomUUID() }) })
      .returning('id')
      .execute();
    const result = await relayOutbox(scheduled(), lambdaContext('relayOutbox'));
    expect(result.sent).toBeGreaterThanOrEqual(1);
    expect(await db.selectFrom('outbox').select('id').where('id', '=', row!.id).execute()).toEqual([]);
  });

  it('dbMigrate reports nothing to apply on a migrated database', async () => {
    expect(await migrate(scheduled(), lambdaContext('dbMigrate'))).toEqual({ applied: [] });
  });
});
