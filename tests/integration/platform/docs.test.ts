import { handler as docs } from '../../../functions/platform/handlers/http/docs.js';
import { handler as notFound } from '../../../functions/platform/handlers/http/not-found.js';
import { callHttp } from '../../support/http-event.js';

describe('GET /docs/{asset}', () => {
  it('serves the known assets', async () => {
    const response = await callHttp(docs, { path: '/docs/docs.js', params: { asset: 'docs.js' } });
    expect(response.status).toBe(200);
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty'])(
    'answers 404 for /docs/%s (no lookup through the prototype)',
    async (asset) => {
      const response = await callHttp(docs, { path: `/docs/${asset}`, params: { asset } });
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ROUTE.NOT_FOUND');
    },
  );
});

describe('an unknown path (the catch-all route)', () => {
  it('is a 404 problem+json for any method, with or without a body or query', async () => {
    for (const request of [
      { method: 'GET', path: '/nope' },
      { method: 'POST', path: '/order', body: { items: [] } },
      { method: 'DELETE', path: '/nope', query: { force: 'true' } },
    ]) {
      const response = await callHttp(notFound, request);
      expect(response.status).toBe(404);
      expect(response.body.code).toBe('ROUTE.NOT_FOUND');
    }
  });
});
