import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DeleteMessageBatchCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { DateTime } from 'luxon';
import { sqsClient } from '#platform/aws/clients';
import { getDb } from '#platform/db/index';
import { queueUrl } from '#platform/messaging/queues';
import type { PaymentProvider } from '../../functions/booking/adapters/payment-provider.client.js';
import { addRooms } from '../../functions/booking/add-rooms.js';
import type { CreateBookingDeps } from '../../functions/booking/create-booking.js';
import { createHotel } from '../../functions/booking/create-hotel.js';
import { createRoomType } from '../../functions/booking/create-room-type.js';
import { handler as createBookingHandler } from '../../functions/booking/handlers/http/create-booking.js';
import { handler as paymentWebhook } from '../../functions/booking/handlers/http/handle-payment-webhook.js';
import type { NotificationMessage } from '../../functions/notifications/contract.js';
import { createPayment } from '../../functions/payment-provider/create-payment.js';
import { handler as completePaymentHandler } from '../../functions/payment-provider/handlers/http/complete-payment.js';
import { handler as createPaymentHandler } from '../../functions/payment-provider/handlers/http/create-payment.js';
import { callHttp, lambdaContext } from './http-event.js';
import { createTestUser, type TestUser } from './users.js';

export const asUser = (user: TestUser, role: 'client' | 'hotelier') => ({ id: user.id, role });

/** A date `days` from today in the zone, as YYYY-MM-DD. */
export const inDays = (days: number, zone = 'UTC') =>
  DateTime.now().setZone(zone).plus({ days }).toISODate()!;

/** A hotel owned by `owner` with one room type of `rooms` units. */
export async function hotelWithRooms(
  owner: TestUser,
  options: {
    rooms?: number;
    basePrice?: number;
    capacity?: number;
    city?: string;
    timeZone?: string;
    freeCancellationHours?: number;
    lateCancellationRefundPercent?: number;
  } = {},
) {
  const db = await getDb();
  const hotelier = asUser(owner, 'hotelier');
  const hotel = await createHotel({ db }, hotelier, {
    name: `Hotel ${randomUUID().slice(0, 8)}`,
    city: options.city ?? `City-${randomUUID().slice(0, 8)}`,
    address: '1 Test Street',
    timeZone: options.timeZone ?? 'Europe/Berlin',
    checkInTime: '15:00',
    checkOutTime: '11:00',
    freeCancellationHours: options.freeCancellationHours ?? 24,
    lateCancellationRefundPercent: options.lateCancellationRefundPercent ?? 50,
  });
  const roomType = await createRoomType({ db }, hotelier, hotel.id, {
    name: 'Double',
    capacity: options.capacity ?? 2,
    basePrice: options.basePrice ?? 10_000,
    currency: 'EUR',
  });
  const labels = Array.from({ length: options.rooms ?? 1 }, (_, index) => String(101 + index));
  const { rooms } = await addRooms({ db }, hotelier, roomType.id, labels);
  return { hotel, roomType, rooms };
}

/**
 * The simulator, called in-process: what the booking flow would reach over HTTP. The test plays both
 * sides, so the simulator is served "by" whatever API the callback names (apiBaseUrl = its origin).
 */
export const inProcessProvider = (): PaymentProvider => ({
  requestPayment: async ({ idempotencyKey, ...request }) =>
    createPayment(
      { db: await getDb(), now: () => new Date(), apiBaseUrl: new URL(request.callbackUrl).origin },
      request,
      idempotencyKey,
    ),
});

export async function bookingDeps(overrides: Partial<CreateBookingDeps> = {}): Promise<CreateBookingDeps> {
  return {
    db: await getDb(),
    now: () => new Date(),
    paymentProvider: inProcessProvider(),
    holdMinutes: 15,
    maxPendingBookings: 5,
    maxNights: 30,
    callbackUrl: 'http://127.0.0.1:9/webhooks/payments',
    lambdaContext: lambdaContext('createBooking'),
    ...overrides,
  };
}

type Handler = Parameters<typeof callHttp>[0];

/**
 * A loopback HTTP server in front of the webhook and simulator handlers (API Gateway v2 events), so the
 * provider's signed delivery and the booking flow's provider call travel over real HTTP in a test.
 * `failNext(n)` makes the next n webhook calls answer 503 (a receiver outage).
 */
export async function bookingBridge() {
  let failures = 0;
  const calls: { path: string; status: number }[] = [];
  const routes: Array<[RegExp, Handler, (match: RegExpMatchArray) => Record<string, string>]> = [
    [/^\/webhooks\/payments$/, paymentWebhook, () => ({})],
    [/^\/payment-provider\/payments$/, createPaymentHandler, () => ({})],
    [/^\/payment-provider\/payments\/([^/]+)\/complete$/, completePaymentHandler, (m) => ({ id: m[1]! })],
  ];
  const readBody = async (req: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  const server: Server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const body = await readBody(req);
    const route = routes
      .map(([pattern, handler, params]) => [path.match(pattern), handler, params] as const)
      .find(([match]) => match);
    if (!route?.[0]) {
      res.writeHead(404).end();
      return;
    }
    if (path === '/webhooks/payments' && failures > 0) {
      failures -= 1;
      calls.push({ path, status: 503 });
      res.writeHead(503).end();
      return;
    }
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const response = await callHttp(route[1], {
      method: req.method,
      path,
      body,
      headers,
      params: route[2](route[0]),
    });
    calls.push({ path, status: response.status });
    res
      .writeHead(response.status, {
        'content-type': String(response.headers['content-type'] ?? 'application/json'),
      })
      .end(response.raw);
  });
  server.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    baseUrl,
    calls,
    failNext: (n: number) => {
      failures = n;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Booking notifications matching `matches` from the shared notifications queue (nobody else consumes
 * it in tests). Matching messages are deleted; others become visible again after the visibility timeout.
 */
export async function drainNotifications(
  matches: (message: NotificationMessage) => boolean,
  expected: number,
  timeoutMs = 10_000,
): Promise<NotificationMessage[]> {
  const url = await queueUrl('notifications');
  const found: NotificationMessage[] = [];
  const deadline = Date.now() + timeoutMs;
  while (found.length < expected && Date.now() < deadline) {
    const result = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 2,
      }),
    );
    const mine: Message[] = [];
    for (const message of result.Messages ?? []) {
      const body = JSON.parse(message.Body ?? '{}') as NotificationMessage;
      if (body.source === 'booking' && matches(body)) {
        found.push(body);
        mine.push(message);
      }
    }
    if (mine.length > 0) {
      await sqsClient().send(
        new DeleteMessageBatchCommand({
          QueueUrl: url,
          Entries: mine.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
  }
  return found;
}

/**
 * For a test file on the booking flow: a loopback bridge (started before its tests, closed after them)
 * that the booking config reads as the provider and the callback address, and a hotelier who owns the
 * hotels. Read `ctx.bridge` and `ctx.owner` inside the tests.
 */
export function useBookingBridge() {
  const ctx = {} as { bridge: Awaited<ReturnType<typeof bookingBridge>>; owner: TestUser };
  beforeAll(async () => {
    ctx.bridge = await bookingBridge();
    // Read once by the booking config on first use: the provider and the callback are the loopback bridge.
    process.env.PAYMENT_PROVIDER_URL = `${ctx.bridge.baseUrl}/payment-provider`;
    process.env.PUBLIC_BASE_URL = ctx.bridge.baseUrl;
    ctx.owner = await createTestUser({ role: 'hotelier' });
  });
  afterAll(async () => {
    await ctx.bridge.close();
  });
  return ctx;
}

/** POST /bookings through the real handler, with an Idempotency-Key unless `key` is null. */
export const postBooking = (
  user: TestUser,
  body: Record<string, unknown>,
  key: string | null = randomUUID(),
) =>
  callHttp(createBookingHandler, {
    method: 'POST',
    path: '/bookings',
    token: user.token,
    body,
    headers: key ? { 'idempotency-key': key } : {},
  });
