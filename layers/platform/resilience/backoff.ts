import { ExponentialBackoff } from 'cockatiel';

export interface BackoffOptions {
  initialDelayMs: number;
  maxDelayMs: number;
}

/**
 * The delay before retry number `attempt` (1 = the first retry): exponential with decorrelated jitter
 * (cockatiel's default generator, see the AWS "exponential backoff and jitter" article), capped.
 * Used where a retry is scheduled (e.g. an SQS DelaySeconds) instead of awaited in process.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions): number {
  let backoff = new ExponentialBackoff({
    initialDelay: options.initialDelayMs,
    maxDelay: options.maxDelayMs,
  }).next();
  for (let step = 1; step < attempt; step += 1) backoff = backoff.next(undefined);
  return Math.min(options.maxDelayMs, Math.max(0, Math.round(backoff.duration)));
}
