import { createHmac } from 'node:crypto';
import { backoffSeconds, signatureHeader } from './signature.js';

describe('provider signature', () => {
  it('signs t.body with HMAC-SHA256 in hex, timestamp in unix seconds', () => {
    const at = new Date('2026-11-22T12:00:00.900Z');
    const t = 1_795_348_800;
    expect(signatureHeader('s3cret-s3cret-s3cret', '{"a":1}', at)).toBe(
      `t=${t},v1=${createHmac('sha256', 's3cret-s3cret-s3cret').update(`${t}.{"a":1}`).digest('hex')}`,
    );
  });

  it('backs off exponentially, capped at the SQS maximum delay', () => {
    expect([2, 3, 4, 5].map(backoffSeconds)).toEqual([5, 10, 20, 40]);
    expect(backoffSeconds(20)).toBe(900);
  });
});
