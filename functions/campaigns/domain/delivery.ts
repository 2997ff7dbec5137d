import { msUntilWindow, type SendWindow } from './send-window.js';

export type MessageStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'expired' | 'cancelled';
export type MailingStatus = 'scheduled' | 'running' | 'paused' | 'cancelled' | 'finished';

export const FINAL_STATUSES: MessageStatus[] = ['sent', 'failed', 'expired', 'cancelled'];
export const MESSAGE_STATUSES: MessageStatus[] = ['pending', 'sending', ...FINAL_STATUSES];

export interface DeliveryFacts {
  message: { status: MessageStatus; sendingAt: Date | null; timeZone: string };
  mailing: { status: MailingStatus; startsAt: Date; endsAt: Date; window: SendWindow | null };
  now: Date;
  /** How long a `sending` claim is honoured before another attempt may take the message over. */
  leaseMs: number;
}

export type Decision =
  | { kind: 'done' }
  | { kind: 'cancel' }
  | { kind: 'expire' }
  /** Paused: the queue message is dropped; resume puts every open message back on the queue. */
  | { kind: 'park' }
  | { kind: 'wait'; delayMs: number; reason: 'window' | 'not_started' | 'claimed' }
  | { kind: 'send' };

/**
 * What the sender does with a message it received, in this order: final messages are left alone; a
 * cancelled mailing cancels it; at or after the mailing's end it expires (never sent late); a paused
 * mailing parks it; outside the recipient's send window it waits (never past the end: it then expires).
 */
export function decide({ message, mailing, now, leaseMs }: DeliveryFacts): Decision {
  if (FINAL_STATUSES.includes(message.status)) return { kind: 'done' };
  const claimHeld =
    message.status === 'sending' &&
    message.sendingAt &&
    now.getTime() - message.sendingAt.getTime() < leaseMs;
  if (mailing.status === 'cancelled')
    return claimHeld ? waitFor(leaseLeft(message, now, leaseMs), 'claimed') : { kind: 'cancel' };
  if (now >= mailing.endsAt)
    return claimHeld ? waitFor(leaseLeft(message, now, leaseMs), 'claimed') : { kind: 'expire' };
  if (mailing.status === 'paused' || mailing.status === 'finished') return { kind: 'park' };
  const untilEnd = mailing.endsAt.getTime() - now.getTime();
  if (now < mailing.startsAt)
    return waitFor(Math.min(mailing.startsAt.getTime() - now.getTime(), untilEnd), 'not_started');
  if (claimHeld) return waitFor(leaseLeft(message, now, leaseMs), 'claimed');
  const untilWindow = msUntilWindow(now, message.timeZone, mailing.window);
  if (untilWindow > 0) return waitFor(Math.min(untilWindow, untilEnd), 'window');
  return { kind: 'send' };
}

const leaseLeft = (message: DeliveryFacts['message'], now: Date, leaseMs: number) =>
  leaseMs - (now.getTime() - (message.sendingAt?.getTime() ?? now.getTime()));

const waitFor = (delayMs: number, reason: 'window' | 'not_started' | 'claimed'): Decision => ({
  kind: 'wait',
  delayMs: Math.max(0, delayMs),
  reason,
});

/** What one call to the sending API came to. */
export type CallOutcome =
  | { kind: 'accepted' }
  | { kind: 'retryable'; error: string; retryAfterMs?: number; countsAgainstService: boolean }
  | { kind: 'rejected'; error: string };

/** HTTP status → outcome: 2xx accepted; 429 and 5xx retry (429 is not an outage); other 4xx are final. */
export function classifyResponse(status: number, retryAfterHeader?: string | null): CallOutcome {
  if (status >= 200 && status < 300) return { kind: 'accepted' };
  const retryAfterSeconds = Number(retryAfterHeader);
  const retryAfterMs =
    Number.isFinite(retryAfterSeconds) && retryAfterSeconds > 0 ? retryAfterSeconds * 1000 : undefined;
  if (status === 429)
    return { kind: 'retryable', error: 'HTTP 429', retryAfterMs, countsAgainstService: false };
  if (status >= 500 || status === 408) {
    return { kind: 'retryable', error: `HTTP ${status}`, retryAfterMs, countsAgainstService: true };
  }
  return { kind: 'rejected', error: `HTTP ${status}` };
}

/** SQS delays a message by whole seconds, at most 15 minutes; longer waits are re-checked on the way. */
export const MAX_DELAY_SECONDS = 900;
export const toDelaySeconds = (ms: number) => Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil(ms / 1000)));
