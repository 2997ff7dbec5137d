import { httpHandler } from '#platform/http/handler';
import { noContent } from '#platform/http/responses';
import { clearCart } from '../../clear-cart.js';
import { storeDeps } from '../../runtime.js';

export const handler = httpHandler({
  auth: true,
  handler: async ({ user }) => {
    await clearCart(await storeDeps(), user);
    return noContent();
  },
});
