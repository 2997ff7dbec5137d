import { InvalidOrderStatusError } from './errors.js';
import { assertCanBecome, canBecome, normaliseLines, paymentTimedOut } from './order.js';
import { decide } from './ordering.js';

describe('order status transitions', () => {
  it.each([
    ['new', 'awaiting_payment'],
    ['new', 'failed'],
    ['awaiting_payment', 'payed'],
    ['awaiting_payment', 'cancelled'],
  ] as const)('%s → %s is allowed', (from, to) => {
    expect(canBecome(from, to)).toBe(true);
  });

  it.each([
    ['failed', 'payed'],
    ['payed', 'cancelled'],
    ['cancelled', 'payed'],
    ['new', 'payed'],
    ['awaiting_payment', 'awaiting_payment'],
  ] as const)('%s → %s is a 409 ORDERS.INVALID_STATUS', (from, to) => {
    expect(canBecome(from, to)).toBe(false);
    expect(() => assertCanBecome(from, to)).toThrow(InvalidOrderStatusError);
  });
});

describe('normaliseLines', () => {
  it('adds up repeated SKUs and sorts by SKU (one lock order for every order)', () => {
    expect(
      normaliseLines([
        { sku: 30, count: 1 },
        { sku: 10, count: 2 },
        { sku: 30, count: 4 },
      ]),
    ).toEqual([
      { sku: 10, count: 2 },
      { sku: 30, count: 5 },
    ]);
  });
});

describe('paymentTimedOut', () => {
  const since = new Date('2026-11-30T10:00:00Z');
  it('is false before the timeout and true from it on', () => {
    expect(paymentTimedOut(since, new Date('2026-11-30T10:09:59Z'), 10)).toBe(false);
    expect(paymentTimedOut(since, new Date('2026-11-30T10:10:00Z'), 10)).toBe(true);
  });
});

describe('order-status event ordering', () => {
  it('applies only the next event, acknowledges old ones, holds back early ones', () => {
    expect(decide(1, 0)).toBe('apply');
    expect(decide(3, 2)).toBe('apply');
    expect(decide(2, 2)).toBe('duplicate');
    expect(decide(1, 3)).toBe('duplicate');
    expect(decide(3, 1)).toBe('early');
    expect(decide(2, 0)).toBe('early');
  });
});
