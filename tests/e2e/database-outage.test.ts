import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { signal } from '../../local/processes.js';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// PostgreSQL stops answering (SIGSTOP, as a frozen host or a network partition would look): requests
// that need it answer 503 SERVICE.UNAVAILABLE with Retry-After instead of hanging or a 500, and
// everything works again once it is back (SIGCONT).

/** The postmaster (from the data dir's postmaster.pid) and its backends: the whole server. */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = Number(
    readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0],
  );
  const children = readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the ')'.
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

async function call(stack: Stack, method: string, route: string, token: string, body?: unknown) {
  const response = await fetch(`${stack.baseUrl}${route}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    retryAfter: response.headers.get('retry-after'),
    json: JSON.parse(text) as { code?: string },
  };
}

const event = () => ({
  title: 'Outage drill',
  startsAt: new Date(Date.now() + 86_400_000).toISOString(),
  durationMinutes: 30,
});

describe('PostgreSQL stops answering', () => {
  let stack: Stack;
  let stopped: number[] = [];

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(async () => {
    for (const pid of stopped) signal(pid, 'SIGCONT');
    await disposeStack(stack);
  });

  it('answers 503 with Retry-After while it is stopped, and works again after SIGCONT', async () => {
    const registered = await request<{ token: string }>(stack.baseUrl, 'POST', '/auth/register', {
      body: {
        email: `outage-${randomUUID()}@example.com`,
        password: 'correct horse battery staple',
        name: 'Ops',
      },
    });
    const { token } = registered.json;
    expect((await call(stack, 'GET', '/me', token)).status).toBe(200);

    stopped = postgresProcesses(stack.dataDir);
    for (const pid of stopped) signal(pid, 'SIGSTOP');
    const me = await call(stack, 'GET', '/me', token);
    const created = await call(stack, 'POST', '/events', token, event());
    for (const pid of stopped) signal(pid, 'SIGCONT');
    stopped = [];

    for (const response of [me, created]) {
      expect(response).toMatchObject({
        status: 503,
        contentType: 'application/problem+json',
        json: { code: 'SERVICE.UNAVAILABLE' },
      });
      expect(Number(response.retryAfter)).toBeGreaterThan(0);
    }
    const recovered = await eventually(async () => {
      const again = await call(stack, 'GET', '/me', token);
      return again.status === 200 ? again : undefined;
    }, 'GET /me after SIGCONT');
    expect(recovered.status).toBe(200);
    expect((await call(stack, 'POST', '/events', token, event())).status).toBe(201);
  }, 120_000);
});
