// Shared set-up of the booking benches (booking-contention, booking-throughput): a raw JSON client that
// keeps every status (both benches count 409s), bench accounts, and one hotel with one room type.
import { randomUUID } from 'node:crypto';

/**
 * Every bench client books from 127.0.0.1 into one hotel: the anti-hoarding caps on pending holds per
 * network (20) and per hotel (200) would turn a bench into a test of those caps, so the bench's stack
 * lifts them (their locks are still taken and counted). Call before starting the stack.
 */
export function liftHoldCaps(): void {
  process.env.MAX_PENDING_BOOKINGS_PER_NETWORK ??= '100000';
  process.env.MAX_PENDING_BOOKINGS_PER_HOTEL ??= '100000';
}

/** One JSON call; every status comes back (nothing throws on 4xx/5xx), with its latency. */
export async function call(
  baseUrl: string,
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const started = performance.now();
  const response = await fetch(`${baseUrl}${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: a benchmark client reading a few known fields of JSON answers
  const json = (await response.json().catch(() => undefined)) as Record<string, any> | undefined;
  return {
    status: response.status,
    json,
    ms: performance.now() - started,
    contentType: response.headers.get('content-type'),
  };
}

export const auth = (token: string) => ({ authorization: `Bearer ${token}` });

export async function register(baseUrl: string, role: 'client' | 'hotelier') {
  const response = await call(baseUrl, 'POST', '/auth/register', {
    email: `bench-${randomUUID()}@example.test`,
    password: 'bench-password-123',
    name: 'Bench',
    role,
  });
  if (response.status !== 201) throw new Error(`register: ${response.status}`);
  return { id: response.json!.user.id as string, token: response.json!.token as string };
}

/** A hotelier's hotel with one room type of `units` rooms (labels R1…Rn). */
export async function benchHotel(
  baseUrl: string,
  roomType: { name: string; capacity: number; units: number },
) {
  const owner = await register(baseUrl, 'hotelier');
  const hotel = await call(
    baseUrl,
    'POST',
    '/hotels',
    { name: 'Bench Hotel', city: 'Benchville', address: '1 Bench St', timeZone: 'Europe/Berlin' },
    auth(owner.token),
  );
  const type = await call(
    baseUrl,
    'POST',
    `/hotels/${hotel.json!.id}/room-types`,
    { name: roomType.name, capacity: roomType.capacity, basePrice: 10_000, currency: 'EUR' },
    auth(owner.token),
  );
  const rooms = await call(
    baseUrl,
    'POST',
    `/room-types/${type.json!.id}/rooms`,
    { labels: Array.from({ length: roomType.units }, (_, i) => `R${i + 1}`) },
    auth(owner.token),
  );
  return {
    owner,
    hotelId: hotel.json!.id as string,
    roomTypeId: type.json!.id as string,
    roomIds: (rooms.json!.rooms as { id: string }[]).map((room) => room.id),
  };
}
