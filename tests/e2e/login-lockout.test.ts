import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// Issue 8, item 7, through the real runtime: the API sees each connection's own source address, so one
// loopback address (127.0.0.2) hammering an account must not lock out the owner on another (127.0.0.1).
const PASSWORD = 'correct horse battery staple';

/** POST /auth/login from a chosen local address (Linux routes all of 127.0.0.0/8 to the loopback). */
function loginFrom(baseUrl: string, localAddress: string, email: string, password: string) {
  const url = new URL('/auth/login', baseUrl);
  const body = JSON.stringify({ email, password });
  return new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname,
        method: 'POST',
        localAddress,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            retryAfter: res.headers['retry-after'] as string | undefined,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('login lockout by strangers, through the running stack', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => disposeStack(stack));

  it('locks out 127.0.0.2 after 5 wrong passwords, while the owner on 127.0.0.1 still signs in', async () => {
    const email = `lockout-${randomUUID()}@example.com`;
    const registered = await request(stack.baseUrl, 'POST', '/auth/register', {
      body: { email, password: PASSWORD, name: 'Owner' },
    });
    expect(registered.status).toBe(201);

    const stranger: number[] = [];
    for (let attempt = 0; attempt < 7; attempt++) {
      stranger.push((await loginFrom(stack.baseUrl, '127.0.0.2', email, `guess-${attempt}`)).status);
    }
    expect(stranger).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const locked = await loginFrom(stack.baseUrl, '127.0.0.2', email, PASSWORD);
    expect(locked.status).toBe(429);
    expect(Number(locked.retryAfter)).toBeGreaterThan(0);

    expect((await loginFrom(stack.baseUrl, '127.0.0.1', email, PASSWORD)).status).toBe(200);
  });
});
