import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { lambdaContext } from '../../tests/support/http-event.js';
import { handler as migrate } from './handlers/ops/migrate.js';

const scheduled = () =>
  ({
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    time: new Date().toISOString(),
  }) as const;

describe('scheduled and operational functions', () => {
  it('dbMigrate reports nothing to apply on a migrated database', async () => {
    expect(await migrate(scheduled(), lambdaContext('dbMigrate'))).toEqual({ applied: [] });
  });
});
