import type { SharedCircuitBreaker } from '#platform/resilience/shared-breaker';
import type { SendGate } from '../sender-deps.js';

/**
 * The shared circuit breaker as the sender's gate, asked once per batch: one read of its record. When
 * it is closed that read is the whole cost (and `clean` says a success has nothing to reset, so the
 * batch writes nothing either); when it is open or half-open, the breaker's own admit decides (and
 * races the other instances for the probe with a conditional write).
 */
export function breakerGate(breaker: SharedCircuitBreaker): SendGate {
  return {
    async admit() {
      const record = await breaker.state();
      if (record.state === 'closed') return { allowed: true, probe: false, clean: record.failures === 0 };
      return breaker.admit();
    },
    succeeded: () => breaker.succeeded(),
    failed: (probe) => breaker.failed(probe),
  };
}
