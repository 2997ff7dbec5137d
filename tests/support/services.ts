/** What globalSetup started, handed to globalTeardown (both run in jest's main process). */
export interface TestServices {
  dir: string;
  /** Stop functions, run in order. */
  stops: Array<() => Promise<void>>;
}

const KEY = Symbol.for('syncore.test.services');

export function setServices(services: TestServices): void {
  (globalThis as Record<symbol, unknown>)[KEY] = services;
}

export function getServices(): TestServices | undefined {
  return (globalThis as Record<symbol, unknown>)[KEY] as TestServices | undefined;
}
