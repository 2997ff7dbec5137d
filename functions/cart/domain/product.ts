import { z } from 'zod';

/** A product as the external product service describes it (validated: it is someone else's system). */
export const Product = z.object({
  sku: z.number().int(),
  name: z.string().min(1),
  price: z.object({ amount: z.number().int().min(0), currency: z.string().regex(/^[A-Z]{3}$/) }),
});
export type Product = z.infer<typeof Product>;
