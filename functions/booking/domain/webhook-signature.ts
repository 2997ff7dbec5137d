import { createHmac, timingSafeEqual } from 'node:crypto';
import { WebhookSignatureInvalidError, WebhookSignatureMissingError } from './errors.js';

/**
 * `Syncore-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + raw body)>`.
 * Several v1 entries are accepted (a provider rotating its secret sends one per secret).
 */
export function parseSignatureHeader(header: string | undefined): {
  timestamp: number;
  signatures: string[];
} {
  if (!header) throw new WebhookSignatureMissingError();
  let timestamp: number | undefined;
  const signatures: string[] = [];
  for (const part of header.split(',')) {
    const [key, value] = part.trim().split('=', 2);
    if (key === 't' && value && /^\d{1,12}$/.test(value)) timestamp = Number(value);
    else if (key === 'v1' && value && /^[0-9a-f]{64}$/i.test(value)) signatures.push(value.toLowerCase());
  }
  if (timestamp === undefined || signatures.length === 0) throw new WebhookSignatureMissingError();
  return { timestamp, signatures };
}

export function expectedSignature(secret: string, timestamp: number, rawBody: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex');
}

/** Throws unless the header is well formed, fresh (within the tolerance, both ways) and signed with the secret. */
export function verifyWebhookSignature(
  header: string | undefined,
  rawBody: string,
  secret: string,
  options: { now: Date; toleranceSeconds: number },
): void {
  const { timestamp, signatures } = parseSignatureHeader(header);
  const age = Math.abs(Math.floor(options.now.getTime() / 1000) - timestamp);
  if (age > options.toleranceSeconds)
    throw new WebhookSignatureInvalidError('The webhook timestamp is outside the tolerance.');
  const expected = Buffer.from(expectedSignature(secret, timestamp, rawBody), 'hex');
  const matches = signatures.some((candidate) => {
    const given = Buffer.from(candidate, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) throw new WebhookSignatureInvalidError();
}
