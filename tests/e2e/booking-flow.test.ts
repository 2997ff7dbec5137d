import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { eventually, request } from '../support/http.js';
import { disposeStack, type Stack, startStack } from '../support/stack.js';

// The booking flow end to end through `npm start`'s runtime: seeded catalogue → search → book (the
// provider simulator reached over HTTP) → complete the payment → signed webhook delivered through the
// payment-webhooks queue → confirmed → notifications for the client and the hotel owner.

const DEMO_PASSWORD = 'syncore-demo-1234';

async function login(baseUrl: string, email: string): Promise<string> {
  const response = await request<{ token: string }>(baseUrl, 'POST', '/auth/login', {
    body: { email, password: DEMO_PASSWORD },
  });
  expect(response.status).toBe(200);
  return response.json.token;
}

interface BookingResponse {
  booking: { id: string; status: string; total: { amount: number } };
  payment: { providerPaymentId: string | null };
  code?: string;
}

async function book(baseUrl: string, token: string, body: unknown, key = randomUUID()) {
  const response = await fetch(`${baseUrl}/bookings`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    json: (await response.json()) as BookingResponse,
  };
}

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('booking through the running stack', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  }, 120_000);
  afterAll(() => disposeStack(stack));

  it('search → book → pay via the simulator → confirmed → notified', async () => {
    const client = await login(stack.baseUrl, 'demo-client@syncore.local');
    const hotelier = await login(stack.baseUrl, 'demo-hotelier@syncore.local');
    const [checkIn, checkOut] = [inDays(20), inDays(23)];

    const search = await request<{
      items: Array<{
        id: string;
        offers: Array<{ roomTypeId: string; availableRooms: number; total: { amount: number } }>;
      }>;
    }>(stack.baseUrl, 'GET', `/hotels?city=Tokyo&checkIn=${checkIn}&checkOut=${checkOut}&guests=2`, {
      token: client,
    });
    expect(search.status).toBe(200);
    const hotel = search.json.items[0]!;
    const offer = hotel.offers.find((o) => o.availableRooms > 0)!;

    const booked = await book(stack.baseUrl, client, {
      hotelId: hotel.id,
      roomTypeId: offer.roomTypeId,
      checkIn,
      checkOut,
      guests: 2,
    });
    expect(booked.status).toBe(201);
    expect(booked.json.booking).toMatchObject({
      status: 'pending_payment',
      total: { amount: offer.total.amount },
    });
    const providerPaymentId = booked.json.payment.providerPaymentId as string;
    expect(providerPaymentId).toEqual(expect.any(String));

    // The simulator's "test mode" control needs the merchant API key `npm start` put in secrets.json.
    const completePath = `/payment-provider/payments/${providerPaymentId}/complete`;
    const anonymous = await request(stack.baseUrl, 'POST', completePath, { body: { outcome: 'succeeded' } });
    expect(anonymous.status).toBe(401);
    const secrets = JSON.parse(await readFile(path.join(stack.dataDir, 'secrets.json'), 'utf8'));
    const completed = await request(stack.baseUrl, 'POST', completePath, {
      body: { outcome: 'succeeded' },
      token: secrets.PAYMENT_PROVIDER_API_KEY,
    });
    expect(completed.status).toBe(202);

    const bookingId = booked.json.booking.id;
    await eventually(async () => {
      const current = await request<{ booking: { status: string } }>(
        stack.baseUrl,
        'GET',
        `/bookings/${bookingId}`,
        { token: client },
      );
      return current.json.booking.status === 'confirmed' ? true : undefined;
    }, 'the booking to be confirmed by the webhook');

    for (const token of [client, hotelier]) {
      const types = await eventually(async () => {
        const page = await request<{ items: Array<{ type: string; data: { bookingId?: string } }> }>(
          stack.baseUrl,
          'GET',
          '/notifications',
          { token },
        );
        const mine = page.json.items.filter((n) => n.data.bookingId === bookingId).map((n) => n.type);
        return mine.length === 2 ? mine.sort() : undefined;
      }, 'both booking notifications');
      expect(types).toEqual(['booking.confirmed', 'booking.pending_payment']);
    }

    const ownerView = await request<{ items: Array<{ id: string; status: string }> }>(
      stack.baseUrl,
      'GET',
      `/hotels/${hotel.id}/bookings?from=${checkIn}&to=${checkOut}`,
      {
        token: hotelier,
      },
    );
    expect(ownerView.json.items).toContainEqual(
      expect.objectContaining({ id: bookingId, status: 'confirmed' }),
    );
  });

  it('answers 409 problem+json once every unit of the type is taken, and the expiry cron runs', async () => {
    const client = await login(stack.baseUrl, 'demo-client@syncore.local');
    const search = await request<{
      items: Array<{
        id: string;
        offers: Array<{ roomTypeId: string; name: string; availableRooms: number }>;
      }>;
    }>(stack.baseUrl, 'GET', `/hotels?city=Lisbon&checkIn=${inDays(40)}&checkOut=${inDays(41)}&guests=3`, {
      token: client,
    });
    const hotel = search.json.items[0]!;
    const suite = hotel.offers.find((o) => o.name === 'Family Suite')!;
    const body = {
      hotelId: hotel.id,
      roomTypeId: suite.roomTypeId,
      checkIn: inDays(40),
      checkOut: inDays(41),
      guests: 3,
    };
    const statuses = [];
    for (let i = 0; i < suite.availableRooms + 1; i++)
      statuses.push((await book(stack.baseUrl, client, body)).status);
    expect(statuses).toEqual([...Array(suite.availableRooms).fill(201), 409]);
    const conflict = await book(stack.baseUrl, client, body);
    expect(conflict.contentType).toBe('application/problem+json');
    expect(conflict.json.code).toBe('BOOKING.ROOM_UNAVAILABLE');

    const run = await stack.invoke('expireHolds', {});
    expect(run.payload).toMatchObject({ expired: expect.any(Number) });
  });
});
