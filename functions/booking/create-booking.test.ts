import { IdempotencyAlreadyInProgressError, IdempotencyValidationError } from '#platform/idempotency';
import type { CreateBookingDeps } from './create-booking.js';
import { createBooking } from './create-booking.js';

// The Idempotency-Key handling, with an in-memory idempotency store standing in for DynamoDB.
const client = { id: '0b7f4a3e-55a1-4a8f-8a52-6b1c9d0e2f31', role: 'client' as const };
const input = {
  hotelId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  roomTypeId: 'b1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d',
  checkIn: '2026-12-01',
  checkOut: '2026-12-02',
  guests: 1,
};

function depsWith(idempotency: CreateBookingDeps['idempotency']): CreateBookingDeps {
  return {
    db: undefined as never, // never reached: the fake store decides before the use case runs
    now: () => new Date('2026-11-22T12:00:00Z'),
    paymentProvider: { requestPayment: async () => ({ paymentId: 'p', status: 'pending' }) },
    holdMinutes: 15,
    maxPendingBookings: 5,
    maxNights: 30,
    callbackUrl: 'http://localhost/webhooks/payments',
    idempotency,
  };
}

const failingStore =
  (error: Error): CreateBookingDeps['idempotency'] =>
  () =>
  async () => {
    throw error;
  };

describe('createBooking idempotency', () => {
  it('requires the key and the client role before anything else', async () => {
    const deps = depsWith(failingStore(new Error('must not be called')));
    await expect(createBooking(deps, client, input, undefined)).rejects.toMatchObject({
      status: 400,
      code: 'BOOKING.IDEMPOTENCY_KEY_REQUIRED',
    });
    await expect(createBooking(deps, client, input, 'k'.repeat(201))).rejects.toMatchObject({
      code: 'BOOKING.IDEMPOTENCY_KEY_REQUIRED',
    });
    await expect(createBooking(deps, { ...client, role: 'hotelier' }, input, 'k')).rejects.toMatchObject({
      status: 403,
    });
  });

  it('keys the store per client and validates the body', async () => {
    const seen: unknown[] = [];
    const deps = depsWith((_fn, options) => async (arg) => {
      seen.push({ options, arg });
      return { replayed: true } as never;
    });
    await expect(createBooking(deps, client, input, 'abc')).resolves.toEqual({ replayed: true });
    expect(seen).toEqual([
      {
        options: { scope: 'create-booking', keyPath: 'key', validatePath: 'body' },
        arg: { key: `${client.id}:abc`, body: input },
      },
    ]);
  });

  it('maps a reused key with another body to 422 and a key still in flight to 409', async () => {
    await expect(
      createBooking(depsWith(failingStore(new IdempotencyValidationError('x'))), client, input, 'k'),
    ).rejects.toMatchObject({
      status: 422,
      code: 'BOOKING.IDEMPOTENCY_KEY_REUSED',
    });
    await expect(
      createBooking(depsWith(failingStore(new IdempotencyAlreadyInProgressError('x'))), client, input, 'k'),
    ).rejects.toMatchObject({
      status: 409,
      code: 'BOOKING.IDEMPOTENCY_KEY_IN_PROGRESS',
    });
    const other = new Error('boom');
    await expect(createBooking(depsWith(failingStore(other)), client, input, 'k')).rejects.toBe(other);
  });
});
