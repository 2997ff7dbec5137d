import { findProduct, type ProductView } from './adapters/products.repository.js';
import { admitRequest, type SimulatorDeps } from './admission.js';
import { ProductNotFoundError } from './domain/errors.js';

export async function getProduct(
  deps: SimulatorDeps,
  token: string | undefined,
  sku: number,
): Promise<ProductView> {
  await admitRequest(deps, token);
  const product = await findProduct(deps.db, sku);
  if (!product) throw new ProductNotFoundError();
  return product;
}
