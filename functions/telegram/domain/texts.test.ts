import { secretMatches } from './secret.js';
import { escapeHtml, heldReply, MAX_MESSAGE, splitMessage } from './texts.js';

describe('splitMessage', () => {
  it('keeps short texts whole and splits long ones at line breaks within the limit', () => {
    expect(splitMessage('a\nb')).toEqual(['a\nb']);
    const long = Array.from({ length: 300 }, (_, i) => `line ${i} ${'x'.repeat(30)}`).join('\n');
    const parts = splitMessage(long);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(MAX_MESSAGE);
    expect(parts.join('\n')).toBe(long);
  });
  it('cuts a single line longer than the limit', () => {
    expect(splitMessage('y'.repeat(5000))[0]).toHaveLength(MAX_MESSAGE);
  });
});

describe('escapeHtml', () => {
  it('escapes what HTML parse mode would read as markup', () => {
    expect(escapeHtml('<b>a & b</b>')).toBe('&lt;b&gt;a &amp; b&lt;/b&gt;');
  });
});

describe('secretMatches', () => {
  it('accepts only the exact secret', () => {
    expect(secretMatches('s3cret-s3cret-s3cret', 's3cret-s3cret-s3cret')).toBe(true);
    expect(secretMatches('s3cret', 's3cret-s3cret-s3cret')).toBe(false);
    expect(secretMatches(undefined, 's3cret-s3cret-s3cret')).toBe(false);
  });
});

describe('heldReply', () => {
  const held = {
    bookingId: '0b6e1d2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b',
    hotelName: 'Spree & Co',
    checkIn: '2026-12-10',
    checkOut: '2026-12-12',
    total: { amount: 24_000, currency: 'EUR' },
    expiresAt: '2026-11-30T03:00:00.000Z',
  };

  it('says exactly which call pays the held booking, at the public base URL', () => {
    const text = heldReply({ ...held, paymentId: 'pay_7b8f' }, 'https://api.example.com/');
    expect(text).toContain('Held: Spree &amp; Co, 2026-12-10 → 2026-12-12.');
    expect(text).toContain('Total 240.00 EUR, held until 2026-11-30T03:00:00.000Z.');
    expect(text).toContain(
      'curl -X POST https://api.example.com/payment-provider/payments/pay_7b8f/complete -H "authorization: Bearer $PAYMENT_PROVIDER_API_KEY"',
    );
    expect(text).toContain('GET https://api.example.com/bookings/0b6e1d2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b');
    expect(text).toContain('/cancel_0b6e1d2a_3c4d_4e5f_8a9b_0c1d2e3f4a5b');
    expect(text).not.toMatch(/Pay within the hold .* at https:\/\/api\.example\.com\/bookings\//);
  });

  it('does not invent a payment when the provider did not answer', () => {
    const text = heldReply({ ...held, paymentId: null }, 'http://localhost:3000');
    expect(text).toContain('there is no payment to make yet');
    expect(text).not.toContain('/payment-provider/');
  });
});
