import { classifyResponse, type DeliveryFacts, decide, toDelaySeconds } from './delivery.js';

const now = new Date('2026-06-10T10:00:00Z');
const facts = (over: {
  message?: Partial<DeliveryFacts['message']>;
  mailing?: Partial<DeliveryFacts['mailing']>;
  now?: Date;
}): DeliveryFacts => ({
  message: { status: 'pending', sendingAt: null, timeZone: 'Europe/Berlin', ...over.message },
  mailing: {
    status: 'running',
    startsAt: new Date('2026-06-10T09:00:00Z'),
    endsAt: new Date('2026-06-10T12:00:00Z'),
    window: null,
    ...over.mailing,
  },
  now: over.now ?? now,
  leaseMs: 30_000,
});

describe('decide', () => {
  it('sends a pending message of a running mailing inside its window', () => {
    expect(decide(facts({}))).toEqual({ kind: 'send' });
  });

  it('leaves final messages alone', () => {
    for (const status of ['sent', 'failed', 'expired', 'cancelled'] as const) {
      expect(decide(facts({ message: { status } }))).toEqual({ kind: 'done' });
    }
  });

  it('cancels, expires at the end, parks while paused', () => {
    expect(decide(facts({ mailing: { status: 'cancelled' } }))).toEqual({ kind: 'cancel' });
    expect(decide(facts({ now: new Date('2026-06-10T12:00:00Z') }))).toEqual({ kind: 'expire' });
    expect(decide(facts({ mailing: { status: 'paused' } }))).toEqual({ kind: 'park' });
  });

  it('waits for the window, but never past the end', () => {
    const window = { start: '18:00', end: '20:00' }; // Berlin 12:00 now → 6 h, the mailing ends in 2 h
    expect(decide(facts({ mailing: { window } }))).toEqual({
      kind: 'wait',
      delayMs: 2 * 3600_000,
      reason: 'window',
    });
    const soon = { start: '12:30', end: '20:00' };
    expect(decide(facts({ mailing: { window: soon } }))).toEqual({
      kind: 'wait',
      delayMs: 30 * 60_000,
      reason: 'window',
    });
  });

  it('honours a fresh claim by another attempt and takes over a stale one', () => {
    const fresh = { status: 'sending' as const, sendingAt: new Date(now.getTime() - 10_000) };
    expect(decide(facts({ message: fresh }))).toEqual({ kind: 'wait', delayMs: 20_000, reason: 'claimed' });
    const stale = { status: 'sending' as const, sendingAt: new Date(now.getTime() - 60_000) };
    expect(decide(facts({ message: stale }))).toEqual({ kind: 'send' });
    expect(decide(facts({ message: stale, mailing: { status: 'cancelled' } }))).toEqual({ kind: 'cancel' });
  });

  it('waits for a future start', () => {
    expect(decide(facts({ mailing: { startsAt: new Date('2026-06-10T10:05:00Z') } }))).toEqual({
      kind: 'wait',
      delayMs: 5 * 60_000,
      reason: 'not_started',
    });
  });
});

describe('classifyResponse', () => {
  it('maps statuses', () => {
    expect(classifyResponse(200)).toEqual({ kind: 'accepted' });
    expect(classifyResponse(429, '2')).toEqual({
      kind: 'retryable',
      error: 'HTTP 429',
      retryAfterMs: 2000,
      countsAgainstService: false,
    });
    expect(classifyResponse(503)).toMatchObject({ kind: 'retryable', countsAgainstService: true });
    expect(classifyResponse(422)).toEqual({ kind: 'rejected', error: 'HTTP 422' });
  });

  it('SQS delays are whole seconds up to 15 minutes', () => {
    expect(toDelaySeconds(1)).toBe(1);
    expect(toDelaySeconds(0)).toBe(0);
    expect(toDelaySeconds(3_600_000)).toBe(900);
  });
});
