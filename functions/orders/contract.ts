import { z } from 'zod';
import { syncContract } from '#platform/contracts/invoke';

/**
 * The published contract of the orders context (LOMS: logistics and order management). The cart
 * context calls these functions with the Lambda Invoke API; it never imports orders internals.
 *
 * SKUs are positive 32-bit integers. The demo catalogue (product-service simulator) and the demo stock
 * (orders seed) both cover SKUs 1000001…1010000, so every seeded product has stock.
 */
export const Sku = z.number().int().min(1).max(4_294_967_295);
const MAX_ITEM_COUNT = 10_000;
export const ItemCount = z.number().int().min(1).max(MAX_ITEM_COUNT);

export const OrderLine = z.strictObject({ sku: Sku, count: ItemCount });
export type OrderLine = z.infer<typeof OrderLine>;

/**
 * An order's lines: 1–100, where lines of the same SKU are added up (normaliseLines) and their sum is
 * bounded like one line's count; the line that takes a SKU past it is the one named.
 */
export const OrderLines = z
  .array(OrderLine)
  .min(1)
  .max(100)
  .superRefine((lines, ctx) => {
    const totals = new Map<number, number>();
    lines.forEach(({ sku, count }, index) => {
      const total = (totals.get(sku) ?? 0) + count;
      totals.set(sku, total);
      if (total > MAX_ITEM_COUNT && total - count <= MAX_ITEM_COUNT)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'count'],
          message: `The lines of SKU ${sku} add up to more than ${MAX_ITEM_COUNT} items.`,
        });
    });
  });

export const OrderStatus = z.enum(['new', 'awaiting_payment', 'failed', 'payed', 'cancelled']);
export type OrderStatus = z.infer<typeof OrderStatus>;

/** Creates an order for `userId` and reserves its stock: `awaiting_payment`, or `failed` if any item is short. */
export const CreateOrder = syncContract({
  functionKey: 'createOrderContract',
  request: z.strictObject({
    userId: z.uuid(),
    items: OrderLines,
    /** Makes a retried checkout create one order, not two. */
    idempotencyKey: z.string().min(1).max(200).optional(),
  }),
  response: z.object({ orderId: z.uuid(), status: OrderStatus }),
});

/** Available stock (total − reserved) per SKU; unknown SKUs are reported with `available: 0`. */
export const GetStocks = syncContract({
  functionKey: 'getStocksContract',
  request: z.strictObject({ skus: z.array(Sku).min(1).max(200) }),
  response: z.object({ stocks: z.array(z.object({ sku: Sku, available: z.number().int().min(0) })) }),
});
