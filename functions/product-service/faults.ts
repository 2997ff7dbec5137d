import { type Faults, writeFaults } from './adapters/faults.repository.js';
import type { SecondCount } from './adapters/request-counter.js';
import { authenticateCaller, type SimulatorDeps } from './admission.js';

/** Sets the fault knobs for the caller's token (admin; not rate limited, not counted). */
export async function setFaults(
  deps: SimulatorDeps,
  token: string | undefined,
  faults: Faults,
): Promise<Faults> {
  const tokenHash = authenticateCaller(deps, token);
  await writeFaults(deps.db, tokenHash, faults);
  return faults;
}

/**
 * The requests the simulator received per wall-clock second for the caller's token (admin): what tests
 * and benches use to prove that callers stay under the limit. Seconds without requests are left out.
 */
export async function requestCounts(
  deps: SimulatorDeps,
  token: string | undefined,
  input: { from?: number; to?: number },
): Promise<{ limit: number; seconds: SecondCount[] }> {
  const tokenHash = authenticateCaller(deps, token);
  const to = input.to ?? Math.floor(deps.now() / 1000);
  const from = Math.max(input.from ?? to - 60, to - 600);
  return { limit: deps.rpsLimit, seconds: await deps.counter.counts(tokenHash, from, to) };
}
