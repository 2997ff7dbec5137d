import { handler as health } from '../../../functions/platform/handlers/http/check-health.js';
import { callHttp } from '../../support/http-event.js';
import { type FaultyEndpoint, faultyEndpoint } from './faulty-endpoint.js';

// SQS is reached through a switchable endpoint, so the test can take it away after /health has once
// succeeded (and so learned, and cached, the queue's URL).
let sqs: FaultyEndpoint;
beforeAll(async () => {
  sqs = await faultyEndpoint(process.env.SQS_ENDPOINT!);
  process.env.SQS_ENDPOINT = sqs.url;
});
afterAll(() => sqs.close());

describe('GET /health', () => {
  it('reports every dependency as ok when the services run', async () => {
    const response = await callHttp(health);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe('ok');
    expect(Object.keys(response.body.checks).sort()).toEqual(['dynamodb', 'postgres', 'sqs']);
  });

  it('reports SQS down during an outage, although the queue URL is known from before', async () => {
    expect((await callHttp(health)).body.checks.sqs.status).toBe('ok');
    await sqs.set('refuse');
    try {
      const response = await callHttp(health);
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({ status: 'degraded', checks: { sqs: { status: 'down' } } });
    } finally {
      await sqs.set('forward');
    }
    expect((await callHttp(health)).body.checks.sqs.status).toBe('ok');
  });
});
