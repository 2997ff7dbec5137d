import { DateTime } from 'luxon';
import type { Channel } from '../contract.js';

/** What a user chose: channels per notification type (`*` = every other type) and quiet hours. */
export interface Preferences {
  channels: Record<string, Channel[]>;
  quietHours: { start: string; end: string } | null;
}

export const DEFAULT_CHANNELS: Channel[] = ['in_app', 'telegram', 'email'];

/** Reminders are due at a moment the user chose; quiet hours never hold them back. */
export const isQuietHoursExempt = (type: string) => type.endsWith('.reminder');

/**
 * The channels a notification goes to: the user's choice for its type (else for `*`, else every channel),
 * plus whatever the producer asked for. `in_app` always: it is the stored copy every other channel falls back to.
 */
export function channelsFor(type: string, requested: Channel[], preferences: Preferences | null): Channel[] {
  const chosen = preferences?.channels[type] ?? preferences?.channels['*'] ?? DEFAULT_CHANNELS;
  return [...new Set<Channel>(['in_app', ...requested.filter((c) => c !== 'in_app'), ...chosen])];
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Milliseconds until the quiet hours around `now` end in `timeZone`, or 0 outside them. A window whose
 * end is before its start spans midnight (22:00–07:00).
 */
export function quietHoursWaitMs(now: Date, timeZone: string, quietHours: Preferences['quietHours']): number {
  if (!quietHours) return 0;
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const minute = local.hour * 60 + local.minute;
  const start = minutesOf(quietHours.start);
  const end = minutesOf(quietHours.end);
  if (start === end) return 0;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return 0;
  let endsAt = local.startOf('day').plus({ minutes: end });
  if (endsAt <= local) endsAt = endsAt.plus({ days: 1 });
  return endsAt.toMillis() - local.toMillis();
}

/** How a channel's send failed, and what the deliverer does about it. */
export type SendFailure =
  /** Retry after exactly this long; the service said so (Telegram 429 `retry_after`). Not its fault. */
  | { kind: 'rate_limited'; retryAfterSeconds: number; reason: string }
  /** The user blocked the bot: unlink, never retry. */
  | { kind: 'blocked'; reason: string }
  /** The request itself is wrong (400): retrying cannot help. */
  | { kind: 'rejected'; reason: string }
  /** Down, 5xx, timeout, network: counts against the breaker, retried with backoff. */
  | { kind: 'unavailable'; reason: string };

export class ChannelSendError extends Error {
  override name = 'ChannelSendError';
  constructor(readonly failure: SendFailure) {
    super(failure.reason);
  }
}

/** SQS accepts at most 15 minutes of DelaySeconds; longer waits are made of several hops. */
export const MAX_DELAY_SECONDS = 900;
