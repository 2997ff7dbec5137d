import {
  type Admission,
  admit,
  afterFailure,
  afterSuccess,
  type BreakerRecord,
  type BreakerSettings,
} from './breaker-state.js';
import type { BreakerStore } from './breaker-store.js';

/** A call refused because the breaker is open (or another caller holds the half-open probe). */
export class BreakerOpenError extends Error {
  override name = 'BreakerOpenError';
  constructor(
    readonly breaker: string,
    readonly retryAfterMs: number,
  ) {
    super(`circuit breaker ${breaker} is open; retry in ${retryAfterMs} ms`);
  }
}

export interface SharedBreakerOptions extends BreakerSettings {
  name: string;
  store: BreakerStore;
  now?: () => number;
  /** Which errors count against the service (default: all). A 400 says nothing about its health. */
  isFailure?: (error: unknown) => boolean;
}

/** Conflicting writers retry a few times; a failure that still cannot be recorded is simply not counted. */
const WRITE_ATTEMPTS = 4;

/**
 * A circuit breaker whose state is shared by every Lambda instance through a store (DynamoDB in
 * production): when the service is down, all instances stop calling it, and exactly one of them probes
 * it once `openForMs` has passed. The happy path costs one read per call and no write.
 */
export class SharedCircuitBreaker {
  readonly name: string;
  private readonly now: () => number;

  constructor(private readonly options: SharedBreakerOptions) {
    this.name = options.name;
    this.now = options.now ?? Date.now;
  }

  state(): Promise<BreakerRecord> {
    return this.options.store.read(this.name);
  }

  /** Asks to make one call. When allowed, report its outcome with `succeeded` / `failed`. */
  async admit(): Promise<Admission> {
    const record = await this.options.store.read(this.name);
    const admission = admit(record, this.now(), this.options);
    if (!admission.allowed || !admission.next) return admission;
    // Becoming the probe is a race among instances: only the conditional write's winner probes.
    if (await this.options.store.write(this.name, admission.next, record.version)) return admission;
    const current = await this.options.store.read(this.name);
    const retry = admit(current, this.now(), this.options);
    return retry.allowed && !retry.next ? retry : { allowed: false, retryAfterMs: retryAfter(retry) };
  }

  async succeeded(): Promise<void> {
    await this.update((record) => afterSuccess(record));
  }

  async failed(probe: boolean): Promise<void> {
    await this.update((record) => afterFailure(record, this.now(), this.options, probe));
  }

  /** Runs `call` if the breaker allows it, recording the outcome; throws BreakerOpenError otherwise. */
  async execute<T>(call: () => Promise<T>): Promise<T> {
    const admission = await this.admit();
    if (!admission.allowed) throw new BreakerOpenError(this.name, admission.retryAfterMs);
    try {
      const result = await call();
      await this.succeeded();
      return result;
    } catch (error) {
      if (this.options.isFailure?.(error) ?? true) await this.failed(admission.probe);
      else await this.succeeded();
      throw error;
    }
  }

  private async update(change: (record: BreakerRecord) => BreakerRecord | undefined): Promise<void> {
    for (let attempt = 0; attempt < WRITE_ATTEMPTS; attempt += 1) {
      const record = await this.options.store.read(this.name);
      const next = change(record);
      if (!next) return;
      if (await this.options.store.write(this.name, next, record.version)) return;
    }
  }
}

function retryAfter(admission: Admission): number {
  return admission.allowed ? 1_000 : admission.retryAfterMs;
}
