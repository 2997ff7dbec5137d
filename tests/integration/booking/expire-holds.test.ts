/** Hold expiry (the expireHolds cron) and its races with a late payment and a cancellation. */
import { randomUUID } from 'node:crypto';
import { createDb } from '#platform/db/client';
import { getDb } from '#platform/db/index';
import { updateBookingStatus } from '../../../functions/booking/adapters/bookings.repository.js';
import { createBooking } from '../../../functions/booking/create-booking.js';
import { BookingStatusConflictError } from '../../../functions/booking/domain/errors.js';
import { expireHolds } from '../../../functions/booking/expire-holds.js';
import { handlePaymentWebhook } from '../../../functions/booking/handle-payment-webhook.js';
import { handler as expireHoldsHandler } from '../../../functions/booking/handlers/cron/expire-holds.js';
import { handler as getBookingHandler } from '../../../functions/booking/handlers/http/get-booking.js';
import { signatureHeader } from '../../../functions/payment-provider/domain/signature.js';
import { asUser, bookingDeps, drainNotifications } from '../../support/booking.js';
import { callHttp, lambdaContext } from '../../support/http-event.js';
import { event, postWebhook, secret, state, usePaymentFixtures } from '../../support/payments.js';
import { createTestUser } from '../../support/users.js';

const { ctx, heldBooking } = usePaymentFixtures();

describe('hold expiry', () => {
  const twentyMinutesAgo = () => new Date(Date.now() - 20 * 60_000);

  it('expires holds past expiresAt, frees the room and tells the client and ctx.owner', async () => {
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
    expect(notes.map((n) => n.recipientId).sort()).toEqual([held.client.id, ctx.owner.id].sort());
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
    // The booking says what it refunds, and the client and the ctx.owner are told.
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
    expect(notes.map((n) => n.recipientId).sort()).toEqual([held.client.id, ctx.owner.id].sort());
    expect(notes[0]!.data.refund).toEqual({ amount: held.booking.total.amount, currency: 'EUR' });
  });
});
