/** POST /webhooks/payments: replays, out-of-order events, bad signatures, mismatched and unknown payments. */
import { randomUUID } from 'node:crypto';
import { getDb } from '#platform/db/index';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { signatureHeader } from '../../../functions/payment-provider/domain/signature.js';
import { asUser, bookingDeps, hotelWithRooms, inDays } from '../../support/booking.js';
import {
  countingMetric,
  event,
  eventOutcomes,
  postWebhook,
  secret,
  state,
  unapplied,
  usePaymentFixtures,
} from '../../support/payments.js';
import { createTestUser } from '../../support/users.js';

const fixtures = usePaymentFixtures();
const { heldBooking } = fixtures;

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

  it('never confirms a hold through its booking id alone: a payment without a provider id yet is a 409 to retry', async () => {
    const client = await createTestUser();
    const { owner } = fixtures.ctx;
    const { hotel, roomType } = await hotelWithRooms(owner, { rooms: 1 });
    const unreachable = {
      requestPayment: async () => {
        throw new Error('provider unreachable');
      },
    };
    const held = await createBooking(
      await bookingDeps({ paymentProvider: unreachable }),
      asUser(client, 'client'),
      { hotelId: hotel.id, roomTypeId: roomType.id, checkIn: inDays(5), checkOut: inDays(7), guests: 1 },
      randomUUID(),
    );
    expect(held.payment.providerPaymentId).toBeNull();
    // Someone got a payment signed for this booking id (any amount): nothing is applied, nothing recorded.
    const forged = event('payment.succeeded', {
      ...held,
      payment: { providerPaymentId: `pay_${randomUUID()}` },
    });
    const refused = await postWebhook(forged);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('BOOKING.PAYMENT_NOT_YET_KNOWN');
    expect(await state(held.booking.id)).toMatchObject({ booking: 'pending_payment', payment: 'pending' });
    expect(await eventOutcomes(JSON.parse(forged).data.paymentId)).toEqual([]);

    // Once our own request has stored the provider's id, only that payment's events apply.
    const providerPaymentId = `pay_${randomUUID()}`;
    await (await getDb())
      .updateTable('payments')
      .set({ provider_payment_id: providerPaymentId })
      .where('booking_id', '=', held.booking.id)
      .execute();
    const other = await postWebhook(forged);
    expect(other.body.outcome).toBe('unknown_payment');
    const failedOtherAmount = JSON.parse(
      event('payment.failed', { ...held, payment: { providerPaymentId } }),
    );
    failedOtherAmount.data.amount += 1;
    expect((await postWebhook(JSON.stringify(failedOtherAmount))).body.outcome).toBe('amount_mismatch');
    expect(await state(held.booking.id)).toMatchObject({ booking: 'pending_payment', payment: 'pending' });
    const ours = await postWebhook(event('payment.succeeded', { ...held, payment: { providerPaymentId } }));
    expect(ours.body.outcome).toBe('confirmed');
  });
});
