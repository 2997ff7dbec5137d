import { SignJWT } from 'jose';
import { z } from 'zod';
import { callHttp } from '../../../tests/support/http-event.js';
import { issueAccessToken } from '../auth/tokens.js';
import { ConflictError } from '../errors.js';
import { currentCorrelationId } from '../observability.js';
import { httpHandler } from './handler.js';
import { created } from './responses.js';

const echo = httpHandler({
  auth: true,
  body: z.strictObject({ title: z.string().min(1).max(5), count: z.number().int().optional() }),
  query: z.strictObject({ page: z.coerce.number().int().min(1).optional() }),
  params: z.strictObject({ id: z.uuid() }),
  handler: async ({ body, query, params, user }) =>
    created({ body, query, params, userId: user.id }, `/things/${params.id}`),
});

const failing = httpHandler({
  auth: false,
  handler: async ({ headers }) => {
    if (headers['x-kind'] === 'conflict') throw new ConflictError('THING.TAKEN', 'This thing is taken.');
    throw new Error('connection to 10.0.0.5:5432 refused (password=hunter2)');
  },
});

const userId = '6f1f7c5e-6b0f-4b59-9a43-5d4a6e0f1c11';
const id = '0d5f5b1e-4f7a-4c49-8d6e-2c6a4b3e9f10';
const token = async () => (await issueAccessToken({ id: userId, role: 'client' })).token;

describe('httpHandler', () => {
  it('passes parsed body, query, params and the verified user to the route', async () => {
    const response = await callHttp(echo, {
      method: 'POST',
      body: { title: 'abc', count: 2 },
      query: { page: '3' },
      params: { id },
      token: await token(),
    });
    expect(response.status).toBe(201);
    expect(response.headers.location).toBe(`/things/${id}`);
    expect(response.body).toEqual({
      body: { title: 'abc', count: 2 },
      query: { page: 3 },
      params: { id },
      userId,
    });
  });

  it('rejects a missing, forged or expired token with 401 problem+json', async () => {
    const forged = await new SignJWT({ role: 'client' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer('syncore')
      .setAudience('syncore-api')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    const expired = await new SignJWT({ role: 'client' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userId)
      .setIssuer('syncore')
      .setAudience('syncore-api')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(process.env.JWT_SECRET));
    const cases = [
      [undefined, 'AUTH.UNAUTHENTICATED'],
      [forged, 'AUTH.TOKEN_INVALID'],
      [expired, 'AUTH.TOKEN_EXPIRED'],
    ] as const;
    for (const [candidate, code] of cases) {
      const response = await callHttp(echo, {
        method: 'POST',
        body: { title: 'a' },
        params: { id },
        token: candidate,
      });
      expect(response.status).toBe(401);
      expect(response.headers['content-type']).toBe('application/problem+json');
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.body.code).toBe(code);
    }
  });

  it('names every invalid, unknown or missing field in a 400', async () => {
    const response = await callHttp(echo, {
      method: 'POST',
      body: { title: 'far too long', price: 10 },
      query: { page: '0', sort: 'x' },
      params: { id: 'not-a-uuid' },
      token: await token(),
    });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('REQUEST.INVALID');
    const fields = response.body.errors.map(
      (error: { in: string; field: string }) => `${error.in}:${error.field}`,
    );
    expect(fields.sort()).toEqual(['body:price', 'body:title', 'path:id', 'query:page', 'query:sort']);
  });

  it('names text with a NUL character (valid JSON, but PostgreSQL cannot store it) in a 400', async () => {
    const nested = httpHandler({
      auth: false,
      body: z.strictObject({ name: z.string(), labels: z.array(z.string()) }),
      query: z.strictObject({ city: z.string().optional() }),
      handler: async () => created({}, '/x'),
    });
    const response = await callHttp(nested, {
      method: 'POST',
      body: { name: 'A\u0000B', labels: ['ok', 'x\u0000'] },
      query: { city: 'a\u0000b' },
    });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([
      { in: 'body', field: 'name', message: 'Must not contain NUL (\\u0000) characters.' },
      { in: 'body', field: 'labels.1', message: 'Must not contain NUL (\\u0000) characters.' },
      { in: 'query', field: 'city', message: 'Must not contain NUL (\\u0000) characters.' },
    ]);
    const clean = await callHttp(nested, { method: 'POST', body: { name: 'AB', labels: ['ok'] } });
    expect(clean.status).toBe(201);
  });

  it('rejects a body sent to a route that takes none (nothing, whitespace or {} is no body)', async () => {
    const action = httpHandler({ auth: false, handler: async () => created({ done: true }, '/x') });
    const refused = await callHttp(action, { method: 'POST', body: { status: 'payed', amount: 0 } });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { in: 'body', field: '(root)', message: 'This route takes no body.' },
    ]);
    for (const body of [undefined, {}]) {
      expect((await callHttp(action, { method: 'POST', body })).status).toBe(201);
    }
    const raw = httpHandler({
      auth: false,
      readsRawBody: true,
      handler: async ({ rawBody }) => created({ length: rawBody.length }, '/x'),
    });
    expect((await callHttp(raw, { method: 'POST', body: { signed: true } })).body).toEqual({ length: 15 });
  });

  it('answers malformed JSON with 400, another media type with 415 and an oversized body with 413', async () => {
    const auth = await token();
    const malformed = await callHttp(echo, {
      method: 'POST',
      body: '{"title": ',
      headers: { 'content-type': 'application/json' },
      params: { id },
      token: auth,
    });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('REQUEST.MALFORMED_JSON');

    const wrongType = await callHttp(echo, {
      method: 'POST',
      body: 'title=a',
      headers: { 'content-type': 'text/plain' },
      params: { id },
      token: auth,
    });
    expect(wrongType.status).toBe(415);

    const huge = await callHttp(echo, {
      method: 'POST',
      body: { title: 'x'.repeat(200_000) },
      params: { id },
      token: auth,
    });
    expect(huge.status).toBe(413);
    expect(huge.body.code).toBe('REQUEST.TOO_LARGE');
  });

  it("uses a route's own maxBodyBytes instead of the global limit, for that route only", async () => {
    const bulk = httpHandler({
      auth: false,
      readsRawBody: true,
      maxBodyBytes: 300_000,
      handler: async ({ rawBody }) => created({ bytes: rawBody.length }, '/bulk'),
    });
    const small = httpHandler({
      auth: false,
      maxBodyBytes: 2_048,
      handler: async () => created({}, '/small'),
    });
    const bigger = 'x'.repeat(200_000);
    expect((await callHttp(bulk, { method: 'POST', body: bigger })).status).toBe(201);
    const over = await callHttp(bulk, { method: 'POST', body: 'x'.repeat(300_001) });
    expect(over.status).toBe(413);
    expect(over.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(over.body).toMatchObject({ code: 'REQUEST.TOO_LARGE', status: 413 });
    expect((await callHttp(small, { method: 'POST', body: 'x'.repeat(3_000) })).status).toBe(413);
    // The same 200 KB body still gets 413 on a route without its own limit (the 100 KiB default).
    expect((await callHttp(failing, { method: 'POST', body: bigger })).status).toBe(413);
  });

  it('maps typed errors to their status and hides unknown errors behind a bare 500', async () => {
    const conflict = await callHttp(failing, { headers: { 'x-kind': 'conflict' } });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toMatchObject({ status: 409, code: 'THING.TAKEN', detail: 'This thing is taken.' });

    const crash = await callHttp(failing);
    expect(crash.status).toBe(500);
    expect(crash.body.code).toBe('INTERNAL');
    expect(crash.raw).not.toContain('hunter2');
    expect(crash.raw).not.toContain('10.0.0.5');
    expect(crash.raw).not.toContain('stack');
  });

  it('echoes a well-formed correlation id and replaces a malicious one', async () => {
    const kept = await callHttp(failing, {
      headers: { 'x-correlation-id': 'req-123', 'x-kind': 'conflict' },
    });
    expect(kept.headers['x-correlation-id']).toBe('req-123');
    expect(kept.body.correlationId).toBe('req-123');

    const replaced = await callHttp(failing, {
      headers: { 'x-correlation-id': 'bad id\nwith newline', 'x-kind': 'conflict' },
    });
    expect(replaced.headers['x-correlation-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('adds CORS and security headers to successes and errors alike', async () => {
    const response = await callHttp(failing, {
      headers: { origin: 'https://app.example', 'x-kind': 'conflict' },
    });
    expect(response.headers['access-control-allow-origin']).toBeDefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
  });
});

describe('invocation context', () => {
  it('gives concurrent requests their own correlation ids and leaks none to the caller', async () => {
    const seen = httpHandler({
      auth: false,
      handler: async ({ correlationId }) => {
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        return created({ correlationId }, '/x');
      },
    });
    const responses = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        callHttp(seen, { headers: { 'x-correlation-id': `req-${index}` } }),
      ),
    );
    responses.forEach((response, index) => {
      expect(response.body.correlationId).toBe(`req-${index}`);
      expect(response.headers['x-correlation-id']).toBe(`req-${index}`);
    });
    expect(currentCorrelationId()).toBeUndefined();
  });
});

describe('query parameters', () => {
  it('are rejected on a route that declares none', async () => {
    const response = await callHttp(failing, { headers: { 'x-kind': 'conflict' }, query: { foo: 'bar' } });
    expect(response.status).toBe(400);
    expect(response.body.errors).toEqual([{ in: 'query', field: 'foo', message: 'Unknown field.' }]);
  });
});
