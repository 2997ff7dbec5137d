import { randomUUID } from 'node:crypto';
import { handler as migrate } from '../../../functions/platform/handlers/ops/migrate.js';
import { lambdaContext } from '../../support/http-event.js';

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
