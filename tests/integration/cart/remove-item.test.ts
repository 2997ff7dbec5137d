/** DELETE /cart/items/{sku} and DELETE /cart through the real handlers; each user sees only their cart. */

import { getDb } from '#platform/db/index';
import { addToCart, readCart } from '../../../functions/cart/adapters/cart.repository.js';
import { handler as clearHandler } from '../../../functions/cart/handlers/http/clear-cart.js';
import { handler as removeHandler } from '../../../functions/cart/handlers/http/remove-item.js';
import { FIRST_SKU } from '../../support/cart.js';
import { callHttp } from '../../support/http-event.js';
import { createTestUser, type TestUser } from '../../support/users.js';

async function userWithCart(skus: number[]) {
  const user = await createTestUser();
  for (const sku of skus)
    await addToCart(await getDb(), user.id, { sku, count: 1, limit: 10, maxLines: 100 });
  return user;
}

const remove = (user: TestUser, sku: string) =>
  callHttp(removeHandler, {
    method: 'DELETE',
    path: `/cart/items/${sku}`,
    params: { sku },
    token: user.token,
  });
const skusOf = async (user: TestUser) => (await readCart(await getDb(), user.id)).lines.map((l) => l.sku);

describe('DELETE /cart/items/{sku}', () => {
  it('removes one SKU and leaves the others', async () => {
    const user = await userWithCart([FIRST_SKU, FIRST_SKU + 1]);
    expect((await remove(user, String(FIRST_SKU))).status).toBe(204);
    expect(await skusOf(user)).toEqual([FIRST_SKU + 1]);
  });

  it('answers 404 CART.ITEM_NOT_FOUND for a SKU not in my cart, even if it is in someone else’s', async () => {
    const other = await userWithCart([FIRST_SKU + 2]);
    const user = await userWithCart([FIRST_SKU]);
    const response = await remove(user, String(FIRST_SKU + 2));
    expect(response.status).toBe(404);
    expect(response.body.code).toBe('CART.ITEM_NOT_FOUND');
    expect(await skusOf(other)).toEqual([FIRST_SKU + 2]);
  });

  it('answers 400 naming the field for a SKU that is not a positive integer', async () => {
    const user = await createTestUser();
    for (const sku of ['abc', '1.5', '-3', '0']) {
      const response = await remove(user, sku);
      expect(response.status).toBe(400);
      expect(response.body.errors[0].field).toBe('sku');
    }
  });
});

describe('DELETE /cart', () => {
  it('empties my cart only', async () => {
    const other = await userWithCart([FIRST_SKU]);
    const user = await userWithCart([FIRST_SKU, FIRST_SKU + 1]);
    const response = await callHttp(clearHandler, { method: 'DELETE', path: '/cart', token: user.token });
    expect(response.status).toBe(204);
    expect(await skusOf(user)).toEqual([]);
    expect(await skusOf(other)).toEqual([FIRST_SKU]);
  });
});
