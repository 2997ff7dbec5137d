import { backoffDelayMs } from './backoff.js';
import { memoryBreakerStore } from './breaker-store.js';
import { BreakerOpenError, SharedCircuitBreaker } from './shared-breaker.js';

const settings = { failureThreshold: 3, openForMs: 10_000, probeLeaseMs: 2_000 };

function setup() {
  let clock = 1_000_000;
  const store = memoryBreakerStore();
  const make = () => new SharedCircuitBreaker({ name: 'svc', store, now: () => clock, ...settings });
  return { store, make, advance: (ms: number) => (clock += ms) };
}

const fail = () => Promise.reject(new Error('down'));
const succeed = () => Promise.resolve('ok');

describe('SharedCircuitBreaker', () => {
  it('opens after the threshold of consecutive failures, for every instance sharing the store', async () => {
    const { make } = setup();
    const [a, b] = [make(), make()];
    await expect(a.execute(fail)).rejects.toThrow('down');
    await expect(b.execute(fail)).rejects.toThrow('down');
    await expect(a.execute(succeed)).resolves.toBe('ok'); // a success resets the count
    for (let i = 0; i < 3; i += 1) await expect(b.execute(fail)).rejects.toThrow('down');
    const refused = a.execute(succeed);
    await expect(refused).rejects.toBeInstanceOf(BreakerOpenError);
    await expect(refused).rejects.toMatchObject({ retryAfterMs: 10_000 });
    expect((await a.state()).state).toBe('open');
  });

  it('lets exactly one instance probe once open time has passed; success closes it', async () => {
    const { make, advance } = setup();
    const [a, b] = [make(), make()];
    for (let i = 0; i < 3; i += 1) await a.failed(false);
    advance(10_000);
    const [first, second] = await Promise.all([a.admit(), b.admit()]);
    expect([first, second].filter((admission) => admission.allowed)).toHaveLength(1);
    expect(first).toMatchObject({ allowed: true, probe: true });
    await a.succeeded();
    expect(await b.admit()).toEqual({ allowed: true, probe: false });
  });

  it('a failed probe opens it again; a vanished probe is taken over after its lease', async () => {
    const { make, advance } = setup();
    const a = make();
    for (let i = 0; i < 3; i += 1) await a.failed(false);
    advance(10_000);
    expect(await a.admit()).toMatchObject({ allowed: true, probe: true });
    await a.failed(true);
    expect(await a.admit()).toMatchObject({ allowed: false, retryAfterMs: 10_000 });
    advance(10_000);
    expect(await a.admit()).toMatchObject({ probe: true });
    expect(await a.admit()).toMatchObject({ allowed: false }); // the probe is held
    advance(2_000);
    expect(await a.admit()).toMatchObject({ allowed: true, probe: true });
  });

  it('errors that say nothing about the service do not count', async () => {
    const a = new SharedCircuitBreaker({
      name: 'svc',
      store: memoryBreakerStore(),
      isFailure: (error) => (error as Error).message !== 'bad request',
      ...settings,
    });
    for (let i = 0; i < 5; i += 1)
      await expect(a.execute(() => Promise.reject(new Error('bad request')))).rejects.toThrow();
    expect((await a.state()).state).toBe('closed');
  });
});

describe('backoffDelayMs', () => {
  it('grows with the attempt, stays within the cap and is jittered', () => {
    const options = { initialDelayMs: 1_000, maxDelayMs: 60_000 };
    const samples = Array.from({ length: 50 }, () => backoffDelayMs(6, options));
    for (const delay of samples) {
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(60_000);
    }
    expect(new Set(samples).size).toBeGreaterThan(1);
    const mean = (attempt: number) =>
      Array.from({ length: 200 }, () => backoffDelayMs(attempt, options)).reduce((a, b) => a + b) / 200;
    expect(mean(5)).toBeGreaterThan(mean(1));
  });
});
