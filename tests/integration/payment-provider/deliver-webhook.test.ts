import { getDb } from '#platform/db/index';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import { deliverWebhook } from '../../../functions/payment-provider/deliver-webhook.js';
import { WebhookDeliveryFailedError } from '../../../functions/payment-provider/domain/errors.js';
import { handler as completeHandler } from '../../../functions/payment-provider/handlers/http/complete-payment.js';
import { handler as deliverHandler } from '../../../functions/payment-provider/handlers/sqs/deliver-webhook.js';
import { drainNotifications } from '../../support/booking.js';
import { callHttp, lambdaContext } from '../../support/http-event.js';
import {
  deliveryDeps,
  deliveryMessage,
  merchantAuth,
  sqsEvent,
  state,
  usePaymentFixtures,
} from '../../support/payments.js';

const { ctx, heldBooking } = usePaymentFixtures();

describe('payment through the provider simulator', () => {
  it('confirms the booking when the signed webhook arrives, retrying with backoff through an outage', async () => {
    const held = await heldBooking();
    const completed = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'succeeded' },
      headers: merchantAuth(),
    });
    expect(completed.status).toBe(202);
    expect(completed.body).toMatchObject({ paymentId: held.payment.providerPaymentId, status: 'succeeded' });
    const again = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'failed' },
      headers: merchantAuth(),
    });
    expect(again.status).toBe(409);

    ctx.bridge.failNext(2);
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
    expect(
      mine.map((n) => `${n.type}→${n.recipientId === ctx.owner.id ? 'ctx.owner' : 'client'}`).sort(),
    ).toEqual([
      'booking.confirmed→client',
      'booking.confirmed→ctx.owner',
      'booking.pending_payment→client',
      'booking.pending_payment→ctx.owner',
    ]);
  });

  it('delivers through the payment-webhooks queue and its SQS handler, re-queueing a failed attempt with a delay', async () => {
    const held = await heldBooking();
    const completed = await callHttp(completeHandler, {
      method: 'POST',
      params: { id: held.payment.providerPaymentId! },
      body: { outcome: 'succeeded' },
      headers: merchantAuth(),
    });
    const first = await deliveryMessage(completed.body.eventId, 1);
    ctx.bridge.failNext(1);
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
      headers: merchantAuth(),
    });
    ctx.bridge.failNext(1);
    const scheduled: Array<{ attempt: number; delaySeconds: number }> = [];
    await expect(
      deliverWebhook(await deliveryDeps(scheduled, 1), { deliveryId: completed.body.eventId, attempt: 1 }),
    ).rejects.toBeInstanceOf(WebhookDeliveryFailedError);
    expect(scheduled).toEqual([]);
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
    // SQS redelivers the failed message (maxReceiveCount 3): no further attempt is made, it fails again.
    const sent = ctx.bridge.calls.length;
    await expect(
      deliverWebhook(await deliveryDeps(scheduled, 1), { deliveryId: completed.body.eventId, attempt: 1 }),
    ).rejects.toBeInstanceOf(WebhookDeliveryFailedError);
    expect(ctx.bridge.calls.length).toBe(sent);
    expect((await state(held.booking.id)).booking).toBe('pending_payment');
  });
});
