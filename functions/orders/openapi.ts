import type { ApiRoute } from '#platform/http/openapi';
import { IdParams } from '#platform/validation/common';
import { CreateOrderBody, ListOrdersQuery, OrderPage, OrderView, SkuParams, StockView } from './schemas.js';

const tag = 'orders';

export const orderRoutes: ApiRoute[] = [
  {
    method: 'post',
    path: '/orders',
    tag,
    summary: 'Create an order and reserve its stock',
    description:
      'All lines are reserved in one transaction: the order is `awaiting_payment`, or `failed` with nothing reserved if any SKU is short (still 201: the order exists). Repeated SKUs are added up. An SKU without stock → 404 ORDERS.SKU_NOT_FOUND, nothing created. Counts are integers 1–10,000; unknown fields → 400 naming them. An optional Idempotency-Key header makes a retry return the same order. Every status change is announced to the buyer (GET /notifications).',
    auth: true,
    body: CreateOrderBody,
    responses: { 201: OrderView },
    problems: [404],
  },
  {
    method: 'get',
    path: '/orders',
    tag,
    summary: 'My orders, newest first',
    auth: true,
    query: ListOrdersQuery,
    responses: { 200: OrderPage },
  },
  {
    method: 'get',
    path: '/orders/{id}',
    tag,
    summary: 'One of my orders',
    description: "Someone else's order is a 404 ORDERS.NOT_FOUND, like a missing one.",
    auth: true,
    params: IdParams,
    responses: { 200: OrderView },
    problems: [404],
  },
  {
    method: 'post',
    path: '/orders/{id}/pay',
    tag,
    summary: 'Pay an order awaiting payment',
    description:
      'The reservations are written off the stock. In any other status → 409 ORDERS.INVALID_STATUS.',
    auth: true,
    params: IdParams,
    responses: { 200: OrderView },
    problems: [404, 409],
  },
  {
    method: 'post',
    path: '/orders/{id}/cancel',
    tag,
    summary: 'Cancel an order awaiting payment',
    description:
      'The reservations are released. In any other status → 409 ORDERS.INVALID_STATUS. Orders unpaid for ORDER_PAYMENT_TIMEOUT_MINUTES (10) are cancelled automatically.',
    auth: true,
    params: IdParams,
    responses: { 200: OrderView },
    problems: [404, 409],
  },
  {
    method: 'get',
    path: '/stocks/{sku}',
    tag,
    summary: 'Available units of an SKU',
    description: 'total − reserved; an SKU without stock has 0.',
    auth: true,
    params: SkuParams,
    responses: { 200: StockView },
  },
];

/** Stable problem codes of this context (functions/orders/domain/errors.ts), shown in the API docs. */
export const ordersErrorCodes: Record<string, number> = {
  'ORDERS.NOT_FOUND': 404,
  'ORDERS.SKU_NOT_FOUND': 404,
  'ORDERS.INVALID_STATUS': 409,
};
