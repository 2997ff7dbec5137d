import type { Database } from '#platform/db/client';
import { readFaults } from './adapters/faults.repository.js';
import type { RequestCounter } from './adapters/request-counter.js';
import {
  InjectedFaultError,
  InvalidProductServiceTokenError,
  ProductServiceRateLimitedError,
} from './domain/errors.js';
import { tokenId, tokenMatches } from './domain/token.js';

export interface SimulatorDeps {
  db: Database;
  counter: RequestCounter;
  /** The one valid token (PRODUCT_SERVICE_TOKEN). */
  token: string;
  /** Requests per second and token. */
  rpsLimit: number;
  now: () => number;
  random: () => number;
  sleep: (ms: number) => Promise<void>;
}

/** Checks the caller's token in constant time (401 otherwise) and returns the token's id. */
export function authenticateCaller(
  deps: Pick<SimulatorDeps, 'token'>,
  presented: string | undefined,
): string {
  if (!tokenMatches(presented, deps.token)) throw new InvalidProductServiceTokenError();
  return tokenId(deps.token);
}

/**
 * What every catalogue request goes through, like the real service: the token, then the per-token
 * limit of `rpsLimit` requests per (wall-clock) second across all instances — an atomic counter per
 * token and second, every request counted, the ones over the limit answered 429 with Retry-After —
 * then the fault knobs (latency, error rate).
 */
export async function admitRequest(deps: SimulatorDeps, presented: string | undefined): Promise<void> {
  const tokenHash = authenticateCaller(deps, presented);
  const now = deps.now();
  const second = Math.floor(now / 1000);
  const seen = await deps.counter.hit(tokenHash, second);
  if (seen > deps.rpsLimit) {
    await deps.counter.reject(tokenHash, second);
    throw new ProductServiceRateLimitedError(deps.rpsLimit, (1000 - (now % 1000)) / 1000);
  }
  const faults = await readFaults(deps.db, tokenHash);
  if (faults.latencyMs > 0) await deps.sleep(faults.latencyMs);
  if (faults.errorRate > 0 && deps.random() < faults.errorRate)
    throw new InjectedFaultError(faults.errorStatus);
}
