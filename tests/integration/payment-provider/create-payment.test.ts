/** The payment provider simulator's POST /payment-provider/payments on the real database. */
import { randomUUID } from 'node:crypto';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { createPayment } from '../../../functions/payment-provider/create-payment.js';
import { handler as completePaymentHandler } from '../../../functions/payment-provider/handlers/http/complete-payment.js';
import { handler as createPaymentHandler } from '../../../functions/payment-provider/handlers/http/create-payment.js';
import { callHttp } from '../../support/http-event.js';
import { merchantAuth } from '../../support/payments.js';

// The API's own address: the only origin a callback may go to. Nothing is delivered in these tests.
const apiBaseUrl = 'http://syncore.test';

beforeAll(() => {
  process.env.PUBLIC_BASE_URL = apiBaseUrl;
});

describe('POST /payment-provider/payments (simulator)', () => {
  const requestPayment = (
    callbackUrl: string,
    key: string | null = randomUUID(),
    body: { bookingId?: string; amount?: number } = {},
  ) =>
    callHttp(createPaymentHandler, {
      method: 'POST',
      path: '/payment-provider/payments',
      body: { bookingId: randomUUID(), amount: 100, currency: 'EUR', callbackUrl, ...body },
      headers: { ...merchantAuth(), ...(key ? { 'idempotency-key': key } : {}) },
    });

  it("only calls back this API's own webhook endpoint: no signed POSTs to other addresses", async () => {
    for (const callbackUrl of [
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.1:5432/webhooks/payments',
      `${apiBaseUrl}/auth/login`,
      `${apiBaseUrl}/webhooks/payments?x=1`,
    ]) {
      const refused = await requestPayment(callbackUrl);
      expect(refused.status).toBe(400);
      expect(refused.body.errors).toEqual([
        expect.objectContaining({
          field: 'callbackUrl',
          message: `Must be ${apiBaseUrl}/webhooks/payments.`,
        }),
      ]);
    }
    expect((await requestPayment(`${apiBaseUrl}/webhooks/payments`)).status).toBe(201);
  });

  it('creates one payment per Idempotency-Key, even for concurrent retries', async () => {
    const callback = `${apiBaseUrl}/webhooks/payments`;
    const key = randomUUID();
    const body = { bookingId: randomUUID(), amount: 4_200 };
    const first = await requestPayment(callback, key, body);
    expect(first.status).toBe(201);
    // Retries racing each other, each on its own connection.
    const racedFor = randomUUID();
    const db = createDb(process.env.DATABASE_URL!, { max: 16 });
    const retries = await Promise.all(
      Array.from({ length: 16 }, () =>
        createPayment(
          { db, now: () => new Date(), apiBaseUrl: apiBaseUrl },
          { bookingId: racedFor, amount: 4_200, currency: 'EUR', callbackUrl: callback },
          `${key}-raced`,
        ),
      ),
    ).finally(() => db.destroy());
    expect(new Set(retries.map((retry) => retry.paymentId)).size).toBe(1);
    expect((await requestPayment(callback, key, body)).body.paymentId).toBe(first.body.paymentId);
    const stored = await (await getDb())
      .selectFrom('provider_payments')
      .select(['id', 'merchant_reference'])
      .where('merchant_reference', 'in', [body.bookingId, racedFor])
      .execute();
    expect(stored).toHaveLength(2);

    const reused = await requestPayment(callback, key, { ...body, amount: 4_201 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe('PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REUSED');
    const missing = await requestPayment(callback, null, body);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('PAYMENT_PROVIDER.IDEMPOTENCY_KEY_REQUIRED');
    expect(missing.body.errors).toEqual([expect.objectContaining({ field: 'idempotency-key' })]);
  });

  it('serves only the merchant: no, a malformed or a wrong API key is a 401, on create and on complete', async () => {
    const callbackUrl = `${apiBaseUrl}/webhooks/payments`;
    const body = { bookingId: randomUUID(), amount: 100, currency: 'EUR', callbackUrl };
    const key = process.env.PAYMENT_PROVIDER_API_KEY!;
    const wrong = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    for (const authorization of [undefined, key, `Basic ${key}`, `Bearer ${wrong}`, 'Bearer ']) {
      const headers: Record<string, string> = { 'idempotency-key': randomUUID() };
      if (authorization !== undefined) headers.authorization = authorization;
      const refused = await callHttp(createPaymentHandler, { method: 'POST', body, headers });
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('PAYMENT_PROVIDER.UNAUTHENTICATED');
    }
    const created = await requestPayment(callbackUrl);
    expect(created.status).toBe(201);
    const complete = (headers: Record<string, string>) =>
      callHttp(completePaymentHandler, {
        method: 'POST',
        params: { id: created.body.paymentId },
        body: { outcome: 'succeeded' },
        headers,
      });
    for (const headers of [{}, { authorization: `Bearer ${wrong}` }] as Record<string, string>[]) {
      const refused = await complete(headers);
      expect(refused.status).toBe(401);
      expect(refused.body.code).toBe('PAYMENT_PROVIDER.UNAUTHENTICATED');
    }
    // Without the key nothing about the request is judged: a bad body or id is the same 401 (no field list).
    const probes = [
      callHttp(createPaymentHandler, { method: 'POST', body: { bookingId: 'b' }, headers: {} }),
      callHttp(completePaymentHandler, {
        method: 'POST',
        params: { id: 'not-a-uuid' },
        body: { outcome: 'x' },
        headers: {},
      }),
    ];
    for (const refused of await Promise.all(probes)) {
      expect(refused.status).toBe(401);
      expect(refused.body).toMatchObject({ code: 'PAYMENT_PROVIDER.UNAUTHENTICATED' });
      expect(refused.body.errors).toBeUndefined();
    }
    const { status } = await (await getDb())
      .selectFrom('provider_payments')
      .select('status')
      .where('id', '=', created.body.paymentId)
      .executeTakeFirstOrThrow();
    expect(status).toBe('pending');
    expect((await complete(merchantAuth())).status).toBe(202);
  });
});
