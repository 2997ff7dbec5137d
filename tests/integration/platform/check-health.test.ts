import { handler as health } from '../../../functions/platform/handlers/http/check-health.js';
import { callHttp } from '../../support/http-event.js';

describe('GET /health', () => {
  it('reports every dependency as ok when the services run', async () => {
    const response = await callHttp(health);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.checks).sort()).toEqual(['dynamodb', 'postgres', 'sqs']);
  });
});
