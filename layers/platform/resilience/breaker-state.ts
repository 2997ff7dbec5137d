/**
 * The circuit breaker's state machine, pure: what a caller may do and which record to write next.
 * The record is shared by every instance (see shared-breaker.ts); each write is conditional on the
 * version read, so two instances never both win a transition (e.g. both become the half-open probe).
 *
 *   closed --(failureThreshold consecutive failures)--> open --(openForMs)--> half-open (one probe)
 *   half-open --probe succeeds--> closed;  half-open --probe fails--> open again
 */
export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerRecord {
  state: BreakerState;
  /** Consecutive failures while closed. */
  failures: number;
  /** Epoch ms until which an open breaker refuses calls. */
  openUntil: number;
  /** Epoch ms until which the half-open probe is held by one caller (then another may probe). */
  probeUntil: number;
  /** Incremented by every write; writes are conditional on it. */
  version: number;
}

export interface BreakerSettings {
  /** Consecutive failures that open the breaker. */
  failureThreshold: number;
  /** How long an open breaker refuses calls before one probe is let through. */
  openForMs: number;
  /** How long a probe may take before another caller may probe instead (> the call's timeout). */
  probeLeaseMs: number;
}

export const CLOSED: BreakerRecord = {
  state: 'closed',
  failures: 0,
  openUntil: 0,
  probeUntil: 0,
  version: 0,
};

export type Admission =
  | { allowed: true; probe: boolean; next?: BreakerRecord }
  | { allowed: false; retryAfterMs: number };

/** May a call go through now? A caller that becomes the probe must win the conditional write of `next`. */
export function admit(record: BreakerRecord, now: number, settings: BreakerSettings): Admission {
  if (record.state === 'closed') return { allowed: true, probe: false };
  if (record.state === 'open' && now < record.openUntil) {
    return { allowed: false, retryAfterMs: record.openUntil - now };
  }
  if (record.state === 'half-open' && now < record.probeUntil) {
    return { allowed: false, retryAfterMs: record.probeUntil - now };
  }
  // Open and due, or a probe whose holder vanished: this caller probes.
  return {
    allowed: true,
    probe: true,
    next: {
      ...record,
      state: 'half-open',
      probeUntil: now + settings.probeLeaseMs,
      version: record.version + 1,
    },
  };
}

/** The record after a successful call, or undefined when nothing changes (the common, write-free case). */
export function afterSuccess(record: BreakerRecord): BreakerRecord | undefined {
  if (record.state === 'closed' && record.failures === 0) return undefined;
  // A success while open (a call admitted just before another instance opened it) closes it too:
  // the service answered.
  return { ...CLOSED, version: record.version + 1 };
}

/** The record after a failed call. */
export function afterFailure(
  record: BreakerRecord,
  now: number,
  settings: BreakerSettings,
  wasProbe: boolean,
): BreakerRecord | undefined {
  const open = (): BreakerRecord => ({
    state: 'open',
    failures: record.failures + 1,
    openUntil: now + settings.openForMs,
    probeUntil: 0,
    version: record.version + 1,
  });
  if (record.state === 'half-open') return wasProbe ? open() : undefined;
  if (record.state === 'open') return undefined; // already refusing calls; a straggler changes nothing
  const failures = record.failures + 1;
  if (failures >= settings.failureThreshold) return open();
  return { ...record, failures, version: record.version + 1 };
}
