import { Tracer } from '@aws-lambda-powertools/tracer';
import middy from '@middy/core';
import { json } from '#platform/http/responses';
import { xrayMiddleware } from '#platform/observability';
import { httpEvent, lambdaContext } from '../../support/http-event.js';

// X-Ray is off outside Lambda (and the chain does not even load it there), so a tracer is switched "on"
// here with its segment calls recorded and put in front of a handler with the middleware every chain
// uses on Lambda: what would be sent as metadata is what this test reads.
describe('tracing', () => {
  const tracer = new Tracer();
  it('never records a response (they carry JWTs and feed URLs) as trace metadata', async () => {
    const recorded: unknown[] = [];
    const patched = tracer as unknown as Record<string, unknown>;
    const saved = Object.fromEntries(
      [
        'captureResponse',
        'isTracingEnabled',
        'getSegment',
        'annotateColdStart',
        'addServiceNameAnnotation',
        'putMetadata',
      ].map((name) => [name, patched[name]]),
    );
    Object.assign(patched, {
      captureResponse: true, // its default on Lambda (unless POWERTOOLS_TRACER_CAPTURE_RESPONSE=false)
      isTracingEnabled: () => true,
      getSegment: () => undefined,
      annotateColdStart: () => undefined,
      addServiceNameAnnotation: () => undefined,
      putMetadata: (key: string, value: unknown) => recorded.push({ key, value }),
    });
    const login = middy(async () => json(200, { token: 'eyJhbGciOiJIUzI1NiJ9.secret.signature' })).use(
      xrayMiddleware(tracer),
    );
    try {
      const response = await login(
        httpEvent({ method: 'POST', path: '/auth/login' }),
        lambdaContext('login'),
      );
      expect(response.statusCode).toBe(200);
    } finally {
      Object.assign(patched, saved);
    }

    expect(JSON.stringify(recorded)).not.toContain('eyJhbGciOiJIUzI1NiJ9');
    expect(recorded).toEqual([]);
  });
});
