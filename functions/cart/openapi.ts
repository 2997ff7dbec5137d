import type { ApiRoute } from '#platform/http/openapi';
import { AddItemBody, CartLineView, CartView, CheckoutView, SkuParams } from './schemas.js';

const tag = 'cart';

export const cartRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/cart/items',
    tag,
    summary: 'Add a SKU to my cart',
    description:
      "Adds `count` to the SKU's line and returns its new total. The product must exist at the product service (404 CART.PRODUCT_NOT_FOUND); the total of the SKU in the cart must not exceed its available stock (409 CART.INSUFFICIENT_STOCK), nor 10,000; at most 100 SKUs per cart (409 CART.TOO_MANY_ITEMS). 503 CART.PRODUCT_SERVICE_UNAVAILABLE when the product service fails after bounded retries.",
    auth: true,
    body: AddItemBody,
    responses: { 200: CartLineView },
    problems: [404, 409, 503],
  },
  {
    method: 'delete',
    path: '/cart/items/{sku}',
    tag,
    summary: 'Remove a SKU from my cart',
    description: '404 CART.ITEM_NOT_FOUND when the SKU is not in the cart.',
    auth: true,
    params: SkuParams,
    responses: { 204: null },
    problems: [404],
  },
  {
    method: 'delete',
    path: '/cart',
    tag,
    summary: 'Empty my cart',
    auth: true,
    responses: { 204: null },
  },
  {
    method: 'get',
    path: '/cart',
    tag,
    summary: 'My cart with current names and prices',
    description:
      "Names and prices are fetched from the product service by a small worker pool (cached for a short while), in the order the items were added. An item whose product could not be fetched carries an `error` and null name/price (and totalPrice is null) instead of failing the whole list; the answer never waits past the function's time limit.",
    auth: true,
    responses: { 200: CartView },
  },
  {
    method: 'post',
    path: '/cart/checkout',
    tag,
    summary: 'Order everything in my cart',
    description:
      "Creates an order in the orders context (stock reserved, status awaiting_payment) and takes the ordered items out of the cart. The order's idempotency key is the cart's version, so retrying an unchanged cart returns the same order. Empty cart → 409 CART.EMPTY; some item short → 409 CART.INSUFFICIENT_STOCK and the cart is kept; orders context unavailable → 503 and the cart is kept.",
    auth: true,
    responses: { 201: CheckoutView },
    problems: [409, 503],
  },
];

/** Stable problem codes of this context (functions/cart/domain/errors.ts), shown in the API docs. */
export const cartErrorCodes: Record<string, number> = {
  'CART.PRODUCT_NOT_FOUND': 404,
  'CART.ITEM_NOT_FOUND': 404,
  'CART.INSUFFICIENT_STOCK': 409,
  'CART.EMPTY': 409,
  'CART.TOO_MANY_ITEMS': 409,
  'CART.PRODUCT_SERVICE_UNAVAILABLE': 503,
  'CART.PRODUCT_UNAVAILABLE': 502,
};
