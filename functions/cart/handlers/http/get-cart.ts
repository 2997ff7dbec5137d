import { httpHandler } from '#platform/http/handler';
import { ok } from '#platform/http/responses';
import { getCart } from '../../get-cart.js';
import { cartDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user, baseUrl, lambdaContext }) =>
    ok(await getCart(await cartDeps(baseUrl, lambdaContext), user)),
});
