/**
 * Payments: the provider simulator's signed, retried webhook delivered over loopback HTTP to the real
 * webhook handler; replays, out-of-order events, bad signatures; hold expiry racing a late payment;
 * notifications to the client and the hotel owner for every status change.
 */
import { randomUUID } from 'node:crypto';
import { DeleteMessageCommand, type Message, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { sqsClient } from '#platform/aws/clients';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { queueUrl } from '#platform/messaging/queues';
import { metrics } from '#platform/observability';
import { updateBookingStatus } from '../../../functions/booking/adapters/bookings.repository.js';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { BookingStatusConflictError } from '../../../functions/booking/domain/errors.js';
import { expireHolds } from '../../../functions/booking/expire-holds.js';
import { handlePaymentWebhook } from '../../../functions/booking/handle-payment-webhook.js';
import { handler as expireHoldsHandler } from '../../../functions/booking/handlers/cron/expire-holds.js';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import { handler as webhookHandler } from '../../../functions/booking/handlers/http/handle-payment-webhook.js';
import { deliverWebhook } from '../../../functions/payment-provider/deliver-webhook.js';
import { WebhookDeliveryFailedError } from '../../../functions/payment-provider/domain/errors.js';
import { signatureHeader } from '../../../functions/payment-provider/domain/signature.js';
import { handler as completeHandler } from '../../../functions/payment-provider/handlers/http/complete-payment.js';
import { handler as deliverHandler } from '../../../functions/payment-provider/handlers/sqs/deliver-webhook.js';
import {
  asUser,
  bookingBridge,
  bookingDeps,
  drainNotifications,
  hotelWithRooms,
  inDays,
} from '../../support/booking.js';
import { callHttp, lambdaContext } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

let bridge: Awaited<ReturnType<typeof bookingBridge>>;
let owner: TestUser;
const secret = () => process.env.PAYMENT_WEBHOOK_SECRET!;

beforeAll(async () => {
  bridge = await bookingBridge();
  owner = await createTestUser({ role: 'hotelier' });
});

afterAll(async () => {
  await bridge.close();
});

async function heldBooking(options: { rooms?: number; now?: () => Date; client?: TestUser } = {}) {
  const client = options.client ?? (await createTestUser());
  const fixture = await hotelWithRooms(owner, { rooms: options.rooms ?? 1 });
  const stay = {
    hotelId: fixture.hotel.id,
    roomTypeId: fixture.roomType.id,
    checkIn: inDays(5),
    checkOut: inDays(7),
    guests: 1,
  };
  const result = await createBooking(
    await bookingDeps({
      callbackUrl: `${bridge.baseUrl}/webhooks/payments`,
      ...(options.now ? { now: options.now } : {}),
    }),
    asUser(client, 'client'),
    stay,
    randomUUID(),
  );
  return { client, ...fixture, stay, ...result };
}

const event = (
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

const postWebhook = (
  body: string,
  signature: string | undefined = signatureHeader(secret(), body, new Date()),
) =>
  callHttp(webhookHandler, {
    method: 'POST',
    path: '/webhooks/payments',
    body,
    headers: { 'content-type': 'application/json', ...(signature ? { 'syncore-signature': signature } : {}) },
  });

async function state(bookingId: string) {
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
async function unapplied(providerPaymentId: string) {
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

async function eventOutcomes(providerPaymentId: string) {
  const rows = await (await getDb())
    .selectFrom('payment_events')
    .select('outcome')
    .where('provider_payment_id', '=', providerPaymentId)
    .orderBy('received_at')
    .execute();
  return rows.map((row) => row.outcome);
}

/** How many times `name` was emitted while `fn` ran (the shared metrics instance, wrapped for the call). */
async function countingMetric(name: string, fn: () => Promise<void>): Promise<number> {
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

const deliveryDeps = async (
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
async function deliveryMessage(deliveryId: string, attempt: number, timeoutMs = 15_000): Promise<Message> {
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

const sqsEvent = (message: Message): SQSEvent => ({
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

describe('payment through the provider simulator', () => {
  it('confirms the booking when the signed webhook arrives, retrying with backoff through an outage', async () => {
    const held = await heldBooking();
    const completed = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'succeeded' },
    });
    expect(completed.status).toBe(202);
    expect(completed.body).toMatchObject({ paymentId: held.payment.providerPaymentId, status: 'succeeded' });
    const again = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'failed' },
    });
    expect(again.status).toBe(409);

    bridge.failNext(2);
    const scheduled: Array<{ attempt: number; delaySeconds: number }> = [];
    const deps = await deliveryDeps(scheduled);
    const message = { deliveryId: completed.body.eventId, attempt: 1 };
    expect(await deliverWebhook(deps, message)).toBe('retry_scheduled');
    expect(await deliverWebhook(deps, { ...message, attempt: 2 })).toBe('retry_scheduled');
    expect(scheduled).toEqual([
      { attempt: 2, delaySeconds: 5 },
      { attempt: 3, delaySeconds: 10 },
    ]);
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
    expect(await deliverWebhook(deps, { ...message, attempt: 3 })).toBe('delivered');
    expect(await state(held.booking.id)).toEqual({
      booking: 'confirmed',
      payment: 'succeeded',
      refundDue: 0,
    });
    // A redelivered queue message after success sends nothing.
    expect(await deliverWebhook(deps, { ...message, attempt: 3 })).toBe('already_delivered');
    const delivery = await (await getDb())
      .selectFrom('provider_webhook_deliveries')
      .selectAll()
      .where('id', '=', message.deliveryId)
      .executeTakeFirstOrThrow();
    expect(delivery).toMatchObject({ attempts: 3, last_status: 200 });

    const view = await callHttp(getBookingHandler, {
      token: held.client.token,
      params: { id: held.booking.id },
    });
    expect(view.body).toMatchObject({ booking: { status: 'confirmed' }, payment: { status: 'succeeded' } });

    const mine = await drainNotifications((n) => n.data.bookingId === held.booking.id, 4);
    expect(mine.map((n) => `${n.type}→${n.recipientId === owner.id ? 'owner' : 'client'}`).sort()).toEqual([
      'booking.confirmed→client',
      'booking.confirmed→owner',
      'booking.pending_payment→client',
      'booking.pending_payment→owner',
    ]);
  });

  it('delivers through the payment-webhooks queue and its SQS handler, re-queueing a failed attempt with a delay', async () => {
    const held = await heldBooking();
    const completed = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'succeeded' },
    });
    const first = await deliveryMessage(completed.body.eventId, 1);
    bridge.failNext(1);
    expect(await deliverHandler(sqsEvent(first), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
    const second = await deliveryMessage(completed.body.eventId, 2); // published with DelaySeconds 5
    expect(await deliverHandler(sqsEvent(second), lambdaContext())).toEqual({ batchItemFailures: [] });
    expect(await state(held.booking.id)).toEqual({
      booking: 'confirmed',
      payment: 'succeeded',
      refundDue: 0,
    });
  });

  it('gives up after the last attempt so the message can go to the DLQ', async () => {
    const held = await heldBooking();
    const completed = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'failed' },
    });
    bridge.failNext(1);
    const scheduled: Array<{ attempt: number; delaySeconds: number }> = [];
    await expect(
      deliverWebhook(await deliveryDeps(scheduled, 1), { deliveryId: completed.body.eventId, attempt: 1 }),
    ).rejects.toBeInstanceOf(WebhookDeliveryFailedError);
    expect(scheduled).toEqual([]);
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
    // SQS redelivers the failed message (maxReceiveCount 3): no further attempt is made, it fails again.
    const sent = bridge.calls.length;
    await expect(
      deliverWebhook(await deliveryDeps(scheduled, 1), { deliveryId: completed.body.eventId, attempt: 1 }),
    ).rejects.toBeInstanceOf(WebhookDeliveryFailedError);
    expect(bridge.calls.length).toBe(sent);
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
  });
});

describe('POST /webhooks/payments', () => {
  it('processes the same event once when it arrives three times', async () => {
    const held = await heldBooking();
    const body = event('payment.succeeded', held);
    const outcomes = [];
    for (let i = 0; i < 3; i++) {
      const response = await postWebhook(body);
      expect(response.status).toBe(200);
      outcomes.push(response.body.outcome);
    }
    expect(outcomes).toEqual(['confirmed', 'duplicate', 'duplicate']);
    const events = await (await getDb())
      .selectFrom('payment_events')
      .select('event_id')
      .where('provider_payment_id', '=', held.payment.providerPaymentId!)
      .execute();
    expect(events).toHaveLength(1);
    expect(await state(held.booking.id)).toEqual({
      booking: 'confirmed',
      payment: 'succeeded',
      refundDue: 0,
    });
  });

  it('ignores a failure that arrives after the success (out of order)', async () => {
    const held = await heldBooking();
    expect((await postWebhook(event('payment.succeeded', held))).body.outcome).toBe('confirmed');
    const late = await postWebhook(event('payment.failed', held));
    expect(late.status).toBe(200);
    expect(late.body.outcome).toBe('ignored_failure_after_success');
    expect(await state(held.booking.id)).toEqual({
      booking: 'confirmed',
      payment: 'succeeded',
      refundDue: 0,
    });
  });

  it('marks a failed payment and frees the room', async () => {
    const held = await heldBooking();
    expect((await postWebhook(event('payment.failed', held))).body.outcome).toBe('payment_failed');
    expect(await state(held.booking.id)).toMatchObject({ booking: 'payment_failed', payment: 'failed' });
    const next = await createBooking(
      await bookingDeps(),
      asUser(await createTestUser(), 'client'),
      held.stay,
      randomUUID(),
    );
    expect(next.booking.roomId).toBe(held.booking.roomId);
  });

  it('rejects a missing, malformed, stale (301 s) or tampered signature and changes nothing', async () => {
    const held = await heldBooking();
    const body = event('payment.succeeded', held);
    const noHeader = await postWebhook(body, '');
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.code).toBe('BOOKING.WEBHOOK_SIGNATURE_MALFORMED');
    expect((await postWebhook(body, 't=now,v1=zz')).status).toBe(400);
    const stale = await postWebhook(body, signatureHeader(secret(), body, new Date(Date.now() - 301_000)));
    expect(stale.status).toBe(401);
    expect(stale.body.code).toBe('BOOKING.WEBHOOK_SIGNATURE_INVALID');
    const signedForAnother = signatureHeader(secret(), body, new Date());
    const tampered = await postWebhook(body.replace('"amount":', '"amount":1'), signedForAnother);
    expect(tampered.status).toBe(401);
    const wrongSecret = await postWebhook(body, signatureHeader('not-the-shared-secret', body, new Date()));
    expect(wrongSecret.status).toBe(401);
    expect(await state(held.booking.id)).toEqual({
      booking: 'pending_payment',
      payment: 'pending',
      refundDue: 0,
    });
    const events = await (await getDb())
      .selectFrom('payment_events')
      .select('event_id')
      .where('provider_payment_id', '=', held.payment.providerPaymentId!)
      .execute();
    expect(events).toEqual([]);
    // The same body with a valid signature is still accepted afterwards.
    expect((await postWebhook(body)).body.outcome).toBe('confirmed');
  });

  it('does not confirm a success for another amount or currency, and records what was taken as owed back', async () => {
    const held = await heldBooking();
    const body = JSON.parse(event('payment.succeeded', held));
    const needsRefund = await countingMetric('PaymentNeedsRefund', async () => {
      const cheaper = await postWebhook(JSON.stringify({ ...body, data: { ...body.data, amount: 1 } }));
      expect(cheaper.body.outcome).toBe('amount_mismatch');
      const otherCurrency = await postWebhook(
        JSON.stringify({ ...body, id: randomUUID(), data: { ...body.data, currency: 'USD' } }),
      );
      expect(otherCurrency.body.outcome).toBe('amount_mismatch');
    });
    expect(needsRefund).toBe(2);
    expect(await state(held.booking.id)).toEqual({
      booking: 'pending_payment',
      payment: 'pending',
      refundDue: 0,
    });
    expect(await unapplied(held.payment.providerPaymentId!)).toEqual([
      { booking_id: held.booking.id, reason: 'amount_mismatch', refund_due: '1 EUR' },
      {
        booking_id: held.booking.id,
        reason: 'amount_mismatch',
        refund_due: `${held.booking.total.amount} USD`,
      },
    ]);
    expect(await eventOutcomes(held.payment.providerPaymentId!)).toEqual([
      'amount_mismatch',
      'amount_mismatch',
    ]);
  });

  it('records in payment_events what processing did, not the event type', async () => {
    const held = await heldBooking();
    await postWebhook(event('payment.succeeded', held));
    await postWebhook(event('payment.failed', held));
    expect(await eventOutcomes(held.payment.providerPaymentId!)).toEqual([
      'confirmed',
      'ignored_failure_after_success',
    ]);
  });

  it('answers 400 for a signed body that breaks the event contract, and 200 for an unknown payment', async () => {
    const bad = JSON.stringify({ id: 'x', type: 'payment.refunded' });
    expect((await postWebhook(bad)).status).toBe(400);
    const unknown = JSON.stringify({
      id: randomUUID(),
      type: 'payment.succeeded',
      createdAt: new Date().toISOString(),
      data: { paymentId: randomUUID(), bookingId: 'nope', amount: 1, currency: 'EUR' },
    });
    const needsRefund = await countingMetric('PaymentNeedsRefund', async () => {
      expect((await postWebhook(unknown)).body.outcome).toBe('unknown_payment');
    });
    expect(needsRefund).toBe(1);
    const { data } = JSON.parse(unknown);
    expect(await unapplied(data.paymentId)).toEqual([
      { booking_id: null, reason: 'unknown_payment', refund_due: '1 EUR' },
    ]);
    expect(await eventOutcomes(data.paymentId)).toEqual(['unknown_payment']);
  });
});

describe('hold expiry', () => {
  const twentyMinutesAgo = () => new Date(Date.now() - 20 * 60_000);

  it('expires holds past expiresAt, frees the room and tells the client and owner', async () => {
    const held = await heldBooking({ now: twentyMinutesAgo });
    const fresh = await heldBooking();
    const result = await expireHolds({ db: await getDb() }, { batchSize: 2, budgetMs: 10_000 });
    expect(result.expired).toBeGreaterThanOrEqual(1);
    expect((await state(held.booking.id)).booking).toBe('expired');
    expect((await state(fresh.booking.id)).booking).toBe('pending_payment');
    const next = await createBooking(
      await bookingDeps(),
      asUser(await createTestUser(), 'client'),
      held.stay,
      randomUUID(),
    );
    expect(next.booking.roomId).toBe(held.booking.roomId);
    const notes = await drainNotifications(
      (n) => n.type === 'booking.expired' && n.data.bookingId === held.booking.id,
      2,
    );
    expect(notes.map((n) => n.recipientId).sort()).toEqual([held.client.id, owner.id].sort());
  });

  it('runs as the scheduled expireHolds function', async () => {
    const held = await heldBooking({ now: twentyMinutesAgo });
    expect(await expireHoldsHandler(undefined, lambdaContext('expireHolds'))).toMatchObject({
      expired: expect.any(Number),
    });
    expect((await state(held.booking.id)).booking).toBe('expired');
  });

  it('a success arriving after the hold expired leaves the booking expired and records a refund due', async () => {
    const held = await heldBooking({ now: twentyMinutesAgo });
    // Not yet swept by the cron: the webhook itself sees the hold is over.
    expect((await postWebhook(event('payment.succeeded', held))).body.outcome).toBe('refund_due');
    expect(await state(held.booking.id)).toEqual({
      booking: 'expired',
      payment: 'succeeded',
      refundDue: held.booking.total.amount,
    });
    const row = await (await getDb())
      .selectFrom('bookings')
      .select('refund_amount')
      .where('id', '=', held.booking.id)
      .executeTakeFirstOrThrow();
    expect(Number(row.refund_amount)).toBe(held.booking.total.amount);
    const notes = await drainNotifications(
      (n) =>
        ['booking.expired', 'booking.refund_due'].includes(n.type) && n.data.bookingId === held.booking.id,
      4,
    );
    expect(notes.map((n) => n.type).sort()).toEqual([
      'booking.expired',
      'booking.expired',
      'booking.refund_due',
      'booking.refund_due',
    ]);
  });

  it('hold expiry racing a payment made just in time: each booking ends confirmed or expired-and-owed, never both', async () => {
    // All holds share one expiry. The webhook's clock reads a second before it (the payment is in
    // time), the cron's a second after it (the hold is over): whichever locks the booking first decides.
    // The holds lie in the past, so the cron's clock catches no other test's live hold.
    const heldAt = new Date(Date.now() - 24 * 3_600_000);
    const expiresAt = new Date(heldAt.getTime() + 15 * 60_000);
    const webhookNow = () => new Date(expiresAt.getTime() - 1_000);
    const cronNow = () => new Date(expiresAt.getTime() + 1_000);
    const races = await Promise.all(Array.from({ length: 20 }, () => heldBooking({ now: () => heldAt })));
    // Enough connections for every contender to be inside its transaction at once.
    const db = createDb(process.env.DATABASE_URL!, { max: 24 });
    try {
      const webhook = { db, now: webhookNow, secret: secret(), toleranceSeconds: 300 };
      const pay = (held: (typeof races)[number]) => {
        const rawBody = event('payment.succeeded', held);
        return handlePaymentWebhook(webhook, {
          rawBody,
          signature: signatureHeader(secret(), rawBody, webhookNow()),
        });
      };
      const sweep = () => expireHolds({ db, now: cronNow }, { batchSize: 100, budgetMs: 10_000 });
      const settled = await Promise.allSettled([
        sweep(),
        ...races.slice(0, 10).map(pay),
        sweep(),
        ...races.slice(10).map(pay),
        sweep(),
      ]);
      expect(settled.filter((result) => result.status === 'rejected')).toEqual([]);
    } finally {
      await db.destroy();
    }
    for (const held of races) {
      const end = await state(held.booking.id);
      const owed = { booking: 'expired', payment: 'succeeded', refundDue: held.booking.total.amount };
      const confirmed = { booking: 'confirmed', payment: 'succeeded', refundDue: 0 };
      expect([owed, confirmed]).toContainEqual(end);
    }
  });

  it('a status change decided on a stale read fails loudly instead of overwriting', async () => {
    const held = await heldBooking();
    const db = await getDb();
    await updateBookingStatus(db, held.booking.id, 'pending_payment', 'confirmed');
    await expect(updateBookingStatus(db, held.booking.id, 'pending_payment', 'expired')).rejects.toThrow(
      BookingStatusConflictError,
    );
    expect((await state(held.booking.id)).booking).toBe('confirmed');
  });

  it('a success after the client cancelled the hold is owed back', async () => {
    const held = await heldBooking();
    const { cancelBooking } = await import('../../../functions/booking/cancel-booking.js');
    await cancelBooking(
      { db: await getDb(), now: () => new Date() },
      asUser(held.client, 'client'),
      held.booking.id,
    );
    expect((await postWebhook(event('payment.succeeded', held))).body.outcome).toBe('refund_due');
    expect(await state(held.booking.id)).toEqual({
      booking: 'cancelled',
      payment: 'succeeded',
      refundDue: held.booking.total.amount,
    });
    // The booking says what it refunds, and the client and the owner are told.
    const mine = await callHttp(getBookingHandler, {
      method: 'GET',
      token: held.client.token,
      params: { id: held.booking.id },
    });
    expect(mine.body.booking.refundAmount).toBe(held.booking.total.amount);
    expect(mine.body.payment.refundDue).toBe(held.booking.total.amount);
    const notes = await drainNotifications(
      (n) => n.type === 'booking.refund_due' && n.data.bookingId === held.booking.id,
      2,
    );
    expect(notes.map((n) => n.recipientId).sort()).toEqual([held.client.id, owner.id].sort());
    expect(notes[0]!.data.refund).toEqual({ amount: held.booking.total.amount, currency: 'EUR' });
  });
});
