import { createHmac } from 'node:crypto';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`, computed at each attempt. */
export function signatureHeader(secret: string, rawBody: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${rawBody}`).digest('hex')}`;
}

/** Delay before attempt `next` (2, 3, ...): 5 s, 10 s, 20 s ... capped at SQS's 15 minutes. */
export function backoffSeconds(next: number): number {
  return Math.min(900, 5 * 2 ** Math.max(0, next - 2));
}
