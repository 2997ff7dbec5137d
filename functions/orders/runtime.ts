import { getDb } from '#platform/db/index';
import { ordersConfig } from './config.js';

// Wires the use cases to the real database and clock, once per container; tests pass their own.

export async function ordersDeps() {
  return { db: await getDb(), now: () => new Date() };
}

export async function cancelUnpaidDeps() {
  return {
    deps: await ordersDeps(),
    options: {
      timeoutMinutes: ordersConfig().ORDER_PAYMENT_TIMEOUT_MINUTES,
      batchSize: 100,
      budgetMs: 40_000,
    },
  };
}
