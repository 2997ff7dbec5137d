import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getProduct } from '../../get-product.js';
import { simulatorDeps, TOKEN_HEADER } from '../../runtime.js';
import { SkuParams } from '../../schemas.js';

export const handler = httpHandler({
  auth: false,
  params: SkuParams,
  handler: async ({ params, headers }) =>
    ok(await getProduct(await simulatorDeps(), headers[TOKEN_HEADER], params.sku)),
});
