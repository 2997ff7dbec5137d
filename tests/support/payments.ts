/** Fixtures of the payment integration tests: held bookings, signed webhook events, the delivery queue. */
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { sqsClient } from '#platform/aws/clients';
import { getDb } from '#platform/db/index';
import { queueUrl } from '#platform/messaging/queues';
import { metrics } from '#platform/observability';
import { createBooking } from '../../functions/booking/create-booking.js';
import { handler as webhookHandler } from '../../functions/booking/handlers/http/handle-payment-webhook.js';
import { signatureHeader } from '../../functions/payment-provider/domain/signature.js';
import { asUser, bookingBridge, bookingDeps, hotelWithRooms, inDays } from './booking.js';
import { callHttp } from './http-event.js';
import { createTestUser, type TestUser } from './users.js';

export const secret = () => process.env.PAYMENT_WEBHOOK_SECRET!;

/** The merchant API key as the booking context sends it to the provider (and the simulator requires). */
export const merchantAuth = () => ({ authorization: `Bearer ${process.env.PAYMENT_PROVIDER_API_KEY}` });

/**
 * For a test file on payments: a loopback bridge for the provider's webhooks (started before its tests,
 * closed after them), a hotelier who owns the hotels, and `heldBooking`, a fresh hold waiting for payment.
 */
export function usePaymentFixtures() {
  const ctx = {} as { bridge: Awaited<ReturnType<typeof bookingBridge>>; owner: TestUser };
  beforeAll(async () => {
    ctx.bridge = await bookingBridge();
    ctx.owner = await createTestUser({ role: 'hotelier' });
  });
  afterAll(async () => {
    await ctx.bridge.close();
  });
  return { ctx, heldBooking: (options: HeldBookingOptions = {}) => heldBooking(ctx, options) };
}

interface HeldBookingOptions {
  rooms?: number;
  now?: () => Date;
  client?: TestUser;
}

async function heldBooking(
  ctx: { bridge: { baseUrl: string }; owner: TestUser },
  options: HeldBookingOptions,
) {
  const client = options.client ?? (await createTestUser());
  const fixture = await hotelWithRooms(ctx.owner, { rooms: options.rooms ?? 1 });
  const stay = {
    hotelId: fixture.hotel.id,
    roomTypeId: fixture.roomType.id,
    checkIn: inDays(5),
    checkOut: inDays(7),
    guests: 1,
  };
  const result = await createBooking(
    await bookingDeps({
      callbackUrl: `${ctx.bridge.baseUrl}/webhooks/payments`,
      ...(options.now ? { now: options.now } : {}),
    }),
    asUser(client, 'client'),
    stay,
    randomUUID(),
  );
  return { client, ...fixture, stay, ...result };
}

export const event = (
  type: 'payment.succeeded' | 'payment.failed',
  held: { booking: { id: string; total: { amount: number } }; payment: { providerPaymentId: string | null } },
) =>
  JSON.stringify({
    id: randomUUID(),
    type,
    createdAt: new Date().toISOString(),
    data: {
      paymentId: held.payment.providerPaymentId,
      bookingId: held.booking.id,
      amount: held.booking.total.amount,
      currency: 'EUR',
    },
  });

export const postWebhook = (
  body: string,
  signature: string | undefined = signatureHeader(secret(), body, new Date()),
) =>
  callHttp(webhookHandler, {
    method: 'POST',
    path: '/webhooks/payments',
    body,
    headers: { 'content-type': 'application/json', ...(signature ? { 'syncore-signature': signature } : {}) },
  });

export async function state(bookingId: string) {
  const db = await getDb();
  const booking = await db
    .selectFrom('bookings')
    .select(['status', 'refund_amount'])
    .where('id', '=', bookingId)
    .executeTakeFirstOrThrow();
  const payment = await db
    .selectFrom('payments')
    .select(['status', 'refund_due_amount'])
    .where('booking_id', '=', bookingId)
    .executeTakeFirstOrThrow();
  return { booking: booking.status, payment: payment.status, refundDue: Number(payment.refund_due_amount) };
}

/** Money recorded as owed back for a provider payment no booking accepted, oldest first. */
export async function unapplied(providerPaymentId: string) {
  const rows = await (await getDb())
    .selectFrom('unapplied_payments')
    .select(['booking_id', 'reason', 'refund_due_amount', 'currency'])
    .where('provider_payment_id', '=', providerPaymentId)
    .orderBy('created_at')
    .execute();
  return rows.map((row) => ({
    booking_id: row.booking_id,
    reason: row.reason,
    refund_due: `${row.refund_due_amount} ${row.currency}`,
  }));
}

export async function eventOutcomes(providerPaymentId: string) {
  const rows = await (await getDb())
    .selectFrom('payment_events')
    .select('outcome')
    .where('provider_payment_id', '=', providerPaymentId)
    .orderBy('received_at')
    .execute();
  return rows.map((row) => row.outcome);
}

/** How many times `name` was emitted while `fn` ran (the shared metrics instance, wrapped for the call). */
export async function countingMetric(name: string, fn: () => Promise<void>): Promise<number> {
  const original = metrics.addMetric.bind(metrics);
  let count = 0;
  metrics.addMetric = (metricName, unit, value) => {
    if (metricName === name) count += value;
    return original(metricName, unit, value);
  };
  try {
    await fn();
  } finally {
    metrics.addMetric = original;
  }
  return count;
}

export const deliveryDeps = async (
  scheduled: Array<{ attempt: number; delaySeconds: number }>,
  maxAttempts = 5,
) => ({
  db: await getDb(),
  now: () => new Date(),
  secret: secret(),
  maxAttempts,
  timeoutMs: 5_000,
  scheduleRetry: async (message: { attempt: number }, delaySeconds: number) => {
    scheduled.push({ attempt: message.attempt, delaySeconds });
  },
});

/** The delivery message for this event from the real payment-webhooks queue (deleted once found). */
export async function deliveryMessage(
  deliveryId: string,
  attempt: number,
  timeoutMs = 15_000,
): Promise<Message> {
  const url = await queueUrl('payment-webhooks');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const { Messages = [] } = await sqsClient().send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: 1,
        VisibilityTimeout: 1,
      }),
    );
    const found = Messages.find((m) => {
      const body = JSON.parse(m.Body ?? '{}');
      return body.deliveryId === deliveryId && body.attempt === attempt;
    });
    if (found) {
      await sqsClient().send(
        new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: found.ReceiptHandle! }),
      );
      return found;
    }
  }
  throw new Error(`no delivery message ${deliveryId}/${attempt}`);
}

export const sqsEvent = (message: Message): SQSEvent => ({
  Records: [
    {
      messageId: message.MessageId!,
      receiptHandle: message.ReceiptHandle!,
      body: message.Body!,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(Date.now()),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(Date.now()),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-central-1:000000000000:syncore-local-payment-webhooks',
      awsRegion: 'eu-central-1',
    },
  ],
});
