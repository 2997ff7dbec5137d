import { z } from 'zod';
import { PageQuery } from '#platform/validation/common';
import { ItemCount, OrderLines, OrderStatus, Sku } from './contract.js';

/** `POST /orders`: the same lines the createOrder contract takes; unknown fields are a 400 naming them. */
export const CreateOrderBody = z.strictObject({
  items: OrderLines,
});
export type CreateOrderBody = z.infer<typeof CreateOrderBody>;

export const ListOrdersQuery = PageQuery.extend({ status: OrderStatus.optional() });

export const SkuParams = z.strictObject({ sku: z.coerce.number().pipe(Sku) });

export const OrderView = z
  .object({
    id: z.uuid(),
    status: OrderStatus,
    items: z.array(z.object({ sku: Sku, count: ItemCount })),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'Order' });

export const OrderPage = z.object({ items: z.array(OrderView), nextCursor: z.string().nullable() });

export const StockView = z.object({ sku: Sku, available: z.number().int().min(0) }).meta({ id: 'Stock' });
