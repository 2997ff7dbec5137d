import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpPaymentProvider, PaymentProviderError } from './payment-provider.client.js';

// A loopback provider whose answers the test scripts: statuses in order, or a hang.
let server: Server;
let baseUrl: string;
let script: Array<number | 'hang'> = [];
const received: Array<{ path: string; key: string | undefined; authorization?: string; body: unknown }> = [];
const API_KEY = 'merchant-api-key-0123456789';

beforeAll(async () => {
  server = createServer(async (req, res) => {
    let raw = '';
    for await (const chunk of req) raw += chunk;
    received.push({
      path: req.url ?? '',
      key: req.headers['idempotency-key'] as string | undefined,
      authorization: req.headers.authorization,
      body: JSON.parse(raw),
    });
    const next = script.shift() ?? 201;
    if (next === 'hang') return; // never answers: the timeout must cut it
    res
      .writeHead(next, { 'content-type': 'application/json' })
      .end(JSON.stringify({ paymentId: 'pay_1', status: 'pending' }));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  received.length = 0;
});

const request = {
  bookingId: 'b1',
  amount: 100,
  currency: 'EUR',
  callbackUrl: 'http://x/webhooks/payments',
  idempotencyKey: 'k1',
};

describe('httpPaymentProvider', () => {
  it('posts the payment request with the idempotency key and the merchant API key', async () => {
    script = [201];
    await expect(
      httpPaymentProvider({ baseUrl, apiKey: API_KEY, timeoutMs: 1000 }).requestPayment(request),
    ).resolves.toEqual({
      paymentId: 'pay_1',
      status: 'pending',
    });
    expect(received).toEqual([
      {
        path: '/payments',
        key: 'k1',
        authorization: `Bearer ${API_KEY}`,
        body: { bookingId: 'b1', amount: 100, currency: 'EUR', callbackUrl: 'http://x/webhooks/payments' },
      },
    ]);
  });

  it('retries a 503 and a timeout, but not a 400', async () => {
    script = [503, 201];
    await expect(
      httpPaymentProvider({ baseUrl, apiKey: API_KEY, timeoutMs: 1000 }).requestPayment(request),
    ).resolves.toMatchObject({ paymentId: 'pay_1' });
    expect(received).toHaveLength(2);

    received.length = 0;
    script = ['hang', 201];
    await expect(
      httpPaymentProvider({ baseUrl, apiKey: API_KEY, timeoutMs: 200 }).requestPayment(request),
    ).resolves.toMatchObject({ paymentId: 'pay_1' });
    expect(received).toHaveLength(2);

    received.length = 0;
    script = [400, 201];
    const error = await httpPaymentProvider({ baseUrl, apiKey: API_KEY, timeoutMs: 1000 })
      .requestPayment(request)
      .catch((e) => e);
    expect(error).toBeInstanceOf(PaymentProviderError);
    expect(error.retryable).toBe(false);
    expect(received).toHaveLength(1);
    script = [];
  });
});
