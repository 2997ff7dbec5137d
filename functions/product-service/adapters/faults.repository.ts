import type { Database } from '#platform/db/client';

export interface Faults {
  /** Share of requests (0–1) answered with `errorStatus` instead of the product. */
  errorRate: number;
  errorStatus: number;
  /** Added before every answer. */
  latencyMs: number;
}

export const NO_FAULTS: Faults = { errorRate: 0, errorStatus: 503, latencyMs: 0 };

export async function readFaults(db: Database, tokenHash: string): Promise<Faults> {
  const row = await db
    .selectFrom('product_service_faults')
    .select(['error_rate', 'error_status', 'latency_ms'])
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  return row
    ? { errorRate: row.error_rate, errorStatus: row.error_status, latencyMs: row.latency_ms }
    : NO_FAULTS;
}

export async function writeFaults(db: Database, tokenHash: string, faults: Faults): Promise<void> {
  const values = {
    error_rate: faults.errorRate,
    error_status: faults.errorStatus,
    latency_ms: faults.latencyMs,
  };
  await db
    .insertInto('product_service_faults')
    .values({ token_hash: tokenHash, ...values })
    .onConflict((conflict) =>
      conflict.column('token_hash').doUpdateSet({ ...values, updated_at: new Date() }),
    )
    .execute();
}
