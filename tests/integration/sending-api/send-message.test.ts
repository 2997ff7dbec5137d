import { randomUUID } from 'node:crypto';
import { handler as getDelivery } from '../../../functions/sending-api/handlers/http/get-delivery.js';
import { handler as getStats } from '../../../functions/sending-api/handlers/http/get-delivery-stats.js';
import { handler as getFaults } from '../../../functions/sending-api/handlers/http/get-faults.js';
import { handler as putFaults } from '../../../functions/sending-api/handlers/http/put-faults.js';
import { handler as send } from '../../../functions/sending-api/handlers/http/send-message.js';
import { callHttp } from '../../support/http-event.js';

// The only test file that turns the simulator's (global) fault knobs; it always turns them back off.
process.env.SENDING_API_TOKEN ??= 'test-sending-api-token-0123456789';
const auth = () => ({ authorization: `Bearer ${process.env.SENDING_API_TOKEN}` });

const sendOne = (id: string, body: Record<string, unknown> = {}, headers = auth()) =>
  callHttp(send, {
    method: 'POST',
    params: { messageId: id },
    headers,
    body: { id, phone: '+4915123456789', text: 'Hello', ...body },
  });

const setFaults = (body: Record<string, unknown>) =>
  callHttp(putFaults, { method: 'PUT', headers: auth(), body });

afterEach(async () => {
  await setFaults({});
});

describe('sending API simulator', () => {
  it('needs its bearer token on every route', async () => {
    const id = randomUUID();
    for (const headers of [{}, { authorization: 'Bearer wrong-token-wrong-token' }]) {
      const response = await sendOne(id, {}, headers as ReturnType<typeof auth>);
      expect(response.status).toBe(401);
      expect(response.body.code).toBe('SENDING_API.UNAUTHORIZED');
    }
    expect((await callHttp(putFaults, { method: 'PUT', body: { down: true } })).status).toBe(401);
    expect((await callHttp(getStats, {})).status).toBe(401);
  });

  it('is idempotent by message id: a repeat is accepted without a second delivery', async () => {
    const id = randomUUID();
    const first = await sendOne(id);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ messageId: id, status: 'accepted', duplicate: false });
    const again = await sendOne(id);
    expect(again.body).toEqual({ messageId: id, status: 'accepted', duplicate: true });
    const record = await callHttp(getDelivery, { params: { messageId: id }, headers: auth() });
    expect(record.body).toMatchObject({ messageId: id, deliveries: 1, requests: 2 });
    const stats = await callHttp(getStats, { headers: auth() });
    expect(stats.body.maxDeliveriesPerId).toBe(1);
    expect(stats.body.accepted).toBeGreaterThanOrEqual(1);

    expect((await sendOne(id, { text: 'Another text' })).status).toBe(422);
    expect((await sendOne(id, { id: randomUUID() })).body.code).toBe('SENDING_API.ID_MISMATCH');
    expect((await sendOne(randomUUID(), { phone: '12345' })).status).toBe(400);
    expect(
      (await callHttp(getDelivery, { params: { messageId: randomUUID() }, headers: auth() })).status,
    ).toBe(404);
  });

  it('fault knobs: down → 503, errorRate → 500, maxPerSecond → 429 with Retry-After; nothing is accepted', async () => {
    const set = await setFaults({ down: true });
    expect(set.body).toEqual({ errorRate: 0, latencyMs: 0, down: true, maxPerSecond: null });
    expect((await callHttp(getFaults, { headers: auth() })).body.down).toBe(true);
    const downId = randomUUID();
    const down = await sendOne(downId);
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('SENDING_API.UNAVAILABLE');

    await setFaults({ errorRate: 1 });
    const failing = await sendOne(downId);
    expect(failing.status).toBe(500);
    expect(failing.body.code).toBe('SENDING_API.INTERNAL_ERROR');
    expect((await callHttp(getDelivery, { params: { messageId: downId }, headers: auth() })).status).toBe(
      404,
    );

    await setFaults({ maxPerSecond: 1 });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) {
      const response = await sendOne(randomUUID());
      statuses.push(response.status);
      if (response.status === 429) expect(response.headers['retry-after']).toBe('1');
    }
    // 1 per second: at most two of three quick requests can fall into two different seconds.
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(1);

    await setFaults({ latencyMs: 5 });
    expect((await sendOne(randomUUID())).status).toBe(200);
    const bad = await setFaults({ errorRate: 2, surprise: true });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'errorRate',
      'surprise',
    ]);
  });
});
