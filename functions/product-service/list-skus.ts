import { listSkus as selectSkus } from './adapters/products.repository.js';
import { admitRequest, type SimulatorDeps } from './admission.js';

/** A page of SKUs in ascending order; `next` is the `after` of the following page (null on the last). */
export async function listSkus(
  deps: SimulatorDeps,
  token: string | undefined,
  input: { after: number; limit: number },
): Promise<{ skus: number[]; next: number | null }> {
  await admitRequest(deps, token);
  const skus = await selectSkus(deps.db, input.after, input.limit);
  return { skus, next: skus.length === input.limit ? skus[skus.length - 1]! : null };
}
