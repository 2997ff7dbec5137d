import fs from 'node:fs/promises';
import path from 'node:path';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// Campaigns end to end through `npm start`'s runtime: an audience, a mailing sent through the sending
// API simulator over HTTP while it is down → the breaker defers, nothing fails → after recovery every
// message is sent exactly once (the simulator's per-id delivery counts) → statistics.

type Stats = {
  status: string;
  total: number;
  byStatus: Record<string, number>;
  byOperatorCode: Record<string, Record<string, number>>;
  messages: { items: { id: string; status: string; attempts: number }[]; nextCursor: string | null };
};

async function register(baseUrl: string, name: string) {
  const response = await request<{ token: string }>(baseUrl, 'POST', '/auth/register', {
    body: { email: `${name}-${Date.now()}@example.test`, password: 'correct horse battery', name },
  });
  expect(response.status).toBe(201);
  return response.json.token;
}

describe('campaigns through the running stack', () => {
  let stack: Stack;
  let simulatorToken: string;

  beforeAll(async () => {
    // A short open period so the test sees the breaker close again within seconds.
    process.env.CAMPAIGN_BREAKER_OPEN_SECONDS = '2';
    process.env.CAMPAIGN_BREAKER_THRESHOLD = '2';
    process.env.CAMPAIGN_RETRY_MAX_MS = '3000';
    stack = await startStack();
    const secrets = JSON.parse(await fs.readFile(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
    simulatorToken = secrets.SENDING_API_TOKEN;
  }, 120_000);
  afterAll(() => disposeStack(stack));

  const simulator = (method: string, route: string, body?: unknown) =>
    fetch(`${stack.baseUrl}/sending-api${route}`, {
      method,
      headers: { authorization: `Bearer ${simulatorToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then(async (response) => ({
      status: response.status,
      json: (await response.json()) as Record<string, unknown>,
    }));

  it('the sending API is down at the start: messages wait, then each is sent exactly once', async () => {
    const token = await register(stack.baseUrl, 'marketer');
    const phones = ['+4915123470001', '+4917612370002', '+12125550173', '+79123456774'];
    for (const phone of phones) {
      const created = await request(stack.baseUrl, 'POST', '/campaign-clients', {
        token,
        body: { phone, tag: 'e2e', timeZone: 'UTC' },
      });
      expect(created.status).toBe(201);
    }
    expect((await simulator('PUT', '/admin/faults', { down: true })).status).toBe(200);

    const now = Date.now();
    const mailing = await request<{ id: string; status: string }>(stack.baseUrl, 'POST', '/mailings', {
      token,
      body: {
        text: 'End-to-end hello',
        startsAt: new Date(now - 1_000).toISOString(),
        endsAt: new Date(now + 30 * 60_000).toISOString(),
        filter: { tags: ['e2e'] },
      },
    });
    expect(mailing.status).toBe(201);
    const statsPath = `/mailings/${mailing.json.id}/stats?limit=100`;

    // While it is down the messages stay pending (retried, then deferred by the open breaker).
    await eventually(async () => {
      const stats = await request<Stats>(stack.baseUrl, 'GET', statsPath, { token });
      return stats.json.messages.items.some((message) => message.attempts > 0) ? stats : undefined;
    }, 'a failed attempt');
    const during = await request<Stats>(stack.baseUrl, 'GET', statsPath, { token });
    expect(during.json.byStatus.failed).toBe(0);
    expect(during.json.byStatus.sent).toBe(0);

    expect((await simulator('PUT', '/admin/faults', {})).status).toBe(200);
    const done = await eventually(
      async () => {
        const stats = await request<Stats>(stack.baseUrl, 'GET', statsPath, { token });
        return stats.json.byStatus.sent === phones.length ? stats.json : undefined;
      },
      'every message sent',
      60_000,
    );
    expect(done.byStatus).toMatchObject({ pending: 0, sending: 0, failed: 0, sent: 4 });
    expect(Object.keys(done.byOperatorCode).sort()).toEqual(['1512', '176', '212', '912']);
    for (const message of done.messages.items) {
      const record = await simulator('GET', `/admin/messages/${message.id}`);
      expect(record.json.deliveries).toBe(1);
    }
    const overview = await request<{ items: { mailingId: string; byStatus: Record<string, number> }[] }>(
      stack.baseUrl,
      'GET',
      '/mailings/stats',
      { token },
    );
    expect(overview.json.items.find((item) => item.mailingId === mailing.json.id)?.byStatus.sent).toBe(4);

    // Someone else sees none of it.
    const other = await register(stack.baseUrl, 'other');
    expect(
      (await request(stack.baseUrl, 'GET', `/mailings/${mailing.json.id}`, { token: other })).status,
    ).toBe(404);
    const bad = await request<{ errors: { field: string }[] }>(stack.baseUrl, 'POST', '/mailings', {
      token,
      body: { text: '', startsAt: 'x', endsAt: new Date(now).toISOString() },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.errors.map((error) => error.field)).toEqual(expect.arrayContaining(['text', 'startsAt']));
  }, 120_000);
});
