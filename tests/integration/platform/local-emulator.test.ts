import path from 'node:path';
import { z } from 'zod';
import {
  DependencyUnavailableError,
  invoker,
  lambdaTransport,
  syncContract,
} from '#platform/contracts/invoke';
import { runInInvocation } from '#platform/observability';
import { REPO_ROOT } from '../../../local/config.js';
import { type OfflineService, startOfflineService } from '../../support/offline-service.js';

// The local emulator itself (serverless-offline as `npm start` runs it, with our patch) on a fixture
// service: lambdaTransport speaks the Lambda invoke REST call with plain HTTP instead of the SDK there,
// so the success path, a function error and an unknown function are checked against it; and an HTTP
// API route whose function times out answers 504.
const Echo = syncContract({
  functionKey: 'echo',
  request: z.object({ text: z.string() }),
  response: z.object({ echoed: z.object({ text: z.string() }), correlationId: z.string() }),
});
const Crash = syncContract({ functionKey: 'crash', request: z.object({}), response: z.object({}) });
const Missing = syncContract({ functionKey: 'missing', request: z.object({}), response: z.object({}) });

let offline: OfflineService;
const invoke = invoker(lambdaTransport);

beforeAll(async () => {
  offline = await startOfflineService(
    path.join(REPO_ROOT, 'tests/fixtures/offline-invoke'),
    // Any answer from the invoke API (even for an unknown function) means it is up.
    async ({ lambdaBase }) =>
      Boolean(
        await fetch(`${lambdaBase}/2015-03-31/functions/x/invocations`, { method: 'POST', body: '{}' }),
      ),
  );
  process.env.LAMBDA_ENDPOINT = offline.lambdaBase;
  process.env.FUNCTION_PREFIX = 'syncore-fixture-invoke-dev-';
}, 90_000);

afterAll(() => offline.stop());

describe('lambdaTransport on the local emulator', () => {
  it('carries the request and the correlation id, and returns the validated answer', async () => {
    const answer = await runInInvocation('corr-transport', () => invoke(Echo, { text: 'hello' }));
    expect(answer).toEqual({ echoed: { text: 'hello' }, correlationId: 'corr-transport' });
  });

  it('turns a failed invocation and an unknown function into 503 dependency-unavailable', async () => {
    await expect(invoke(Crash, {})).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(invoke(Missing, {})).rejects.toBeInstanceOf(DependencyUnavailableError);
  });
});

describe('serverless-offline as patched (patches/serverless-offline+*.patch)', () => {
  it('answers a Lambda timeout on an HTTP API route with 504, not a 200 carrying the error', async () => {
    const response = await fetch(`${offline.httpBase}/slow`);
    expect(response.status).toBe(504);
    expect(await response.text()).toContain('Lambda timeout');
  });
});
