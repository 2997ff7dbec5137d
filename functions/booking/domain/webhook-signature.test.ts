import { createHmac } from 'node:crypto';
import { parseSignatureHeader, verifyWebhookSignature } from './webhook-signature.js';

const secret = 'test-secret-0123456789';
const body = '{"id":"evt_1","type":"payment.succeeded"}';
const now = new Date('2026-11-22T12:00:00Z');
const t = Math.floor(now.getTime() / 1000);
const sign = (timestamp: number, raw = body, key = secret) =>
  createHmac('sha256', key).update(`${timestamp}.${raw}`).digest('hex');
const verify =
  (header: string | undefined, raw = body, at = now) =>
  () =>
    verifyWebhookSignature(header, raw, secret, { now: at, toleranceSeconds: 300 });

describe('webhook signature', () => {
  it('accepts a fresh signature over the exact raw body', () => {
    expect(verify(`t=${t},v1=${sign(t)}`)).not.toThrow();
    expect(verify(`t=${t}, v1=${'0'.repeat(64)}, v1=${sign(t)}`)).not.toThrow(); // rotation: any v1 may match
  });

  it('answers 400 when the header is missing or malformed', () => {
    for (const header of [
      undefined,
      '',
      'garbage',
      `t=${t}`,
      `v1=${sign(t)}`,
      `t=abc,v1=${sign(t)}`,
      `t=${t},v1=xyz`,
    ]) {
      expect(verify(header)).toThrow(
        expect.objectContaining({ status: 400, code: 'BOOKING.WEBHOOK_SIGNATURE_MALFORMED' }),
      );
    }
  });

  it('answers 401 for a tampered body, a wrong secret, or a timestamp outside 300 s either way', () => {
    const invalid = expect.objectContaining({ status: 401, code: 'BOOKING.WEBHOOK_SIGNATURE_INVALID' });
    expect(verify(`t=${t},v1=${sign(t)}`, body.replace('succeeded', 'failed'))).toThrow(invalid);
    expect(verify(`t=${t},v1=${sign(t, body, 'another-secret-000000')}`)).toThrow(invalid);
    expect(verify(`t=${t},v1=${sign(t)}`, body, new Date(now.getTime() + 301_000))).toThrow(invalid);
    expect(verify(`t=${t + 301},v1=${sign(t + 301)}`)).toThrow(invalid);
    expect(verify(`t=${t},v1=${sign(t)}`, body, new Date(now.getTime() + 300_000))).not.toThrow();
  });

  it('parses the timestamp and every v1 entry', () => {
    expect(parseSignatureHeader(`t=${t},v1=${'A'.repeat(64)}`)).toEqual({
      timestamp: t,
      signatures: ['a'.repeat(64)],
    });
  });
});
