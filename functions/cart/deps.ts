import type { Invoker } from '#platform/contracts/invoke';
import type { Database } from '#platform/db/client';
import type { ProductCatalog } from './adapters/product-service.client.js';

/** What the cart use cases need; runtime.ts builds it from the real adapters, tests from their own. */
export interface CartDeps {
  db: Database;
  products: ProductCatalog;
  /** Calls the orders context's contract functions (functions/orders/contract.ts). */
  orders: Invoker;
  /** Epoch ms by which calls to other systems must be done (the invocation's remaining time, less a reserve). */
  deadline: number;
  now: () => number;
  /** Product lookups in flight at once for GET /cart. */
  lookupConcurrency: number;
  /** Different SKUs per cart. */
  maxItems: number;
}

export interface Actor {
  id: string;
}
