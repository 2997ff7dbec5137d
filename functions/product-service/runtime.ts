import { setTimeout as sleep } from 'node:timers/promises';
import { getDb } from '#platform/db/index';
import { dynamoRequestCounter } from './adapters/request-counter.js';
import type { SimulatorDeps } from './admission.js';
import { productServiceConfig } from './config.js';

// Wires the simulator's use cases to the real adapters; tests pass their own where they need to.
export async function simulatorDeps(): Promise<SimulatorDeps> {
  const config = productServiceConfig();
  return {
    db: await getDb(),
    counter: dynamoRequestCounter(),
    token: config.PRODUCT_SERVICE_TOKEN,
    rpsLimit: config.PRODUCT_SERVICE_RPS_LIMIT,
    now: () => Date.now(),
    random: Math.random,
    sleep: (ms) => sleep(ms),
  };
}

export const TOKEN_HEADER = 'x-product-service-token';
