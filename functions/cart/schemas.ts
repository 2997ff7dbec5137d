import { z } from 'zod';
import { ItemCount, Sku } from '../orders/contract.js';

const count = ItemCount.describe('How many to add: a whole number from 1 to 10,000.');

export const AddItemBody = z.strictObject({ sku: Sku, count });

export const SkuParams = z.strictObject({
  sku: z.coerce.number().int('Expected an integer SKU.').pipe(Sku),
});

export const Money = z.object({ amount: z.number().int(), currency: z.string().length(3) });

export const CartLineView = z.object({ sku: z.number().int(), count: z.number().int() });

const ItemError = z.object({ code: z.string(), detail: z.string() });

export const CartItemView = z.object({
  sku: z.number().int(),
  count: z.number().int(),
  name: z.string().nullable(),
  price: Money.nullable().meta({ description: 'Unit price; null when the product could not be fetched.' }),
  error: ItemError.optional().meta({ description: 'Why name and price are missing for this item.' }),
});

export const CartView = z.object({
  items: z.array(CartItemView),
  totalPrice: Money.nullable().meta({
    description:
      'Sum of price × count; null for an empty cart, when any item has no price (see its error) or when currencies differ.',
  }),
});

export const CheckoutView = z.object({ orderId: z.uuid(), status: z.string() });

export type AddItemInput = z.infer<typeof AddItemBody>;
export type CartView = z.infer<typeof CartView>;
