import { z } from 'zod';

export const SkuParams = z.strictObject({
  sku: z.coerce.number().int('Expected an integer SKU.').min(1).max(4_294_967_295),
});

export const ListSkusQuery = z.strictObject({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const Money = z.object({ amount: z.number().int(), currency: z.string().length(3) });

export const ProductView = z.object({ sku: z.number().int(), name: z.string(), price: Money });

export const SkuPage = z.object({ skus: z.array(z.number().int()), next: z.number().int().nullable() });

export const FaultsBody = z.strictObject({
  errorRate: z.number().min(0).max(1).default(0),
  errorStatus: z
    .union([z.literal(429), z.literal(500), z.literal(502), z.literal(503), z.literal(504)])
    .default(503),
  latencyMs: z.number().int().min(0).max(30_000).default(0),
});

export const RequestCountsQuery = z.strictObject({
  /** Epoch seconds, inclusive; default the last 60 seconds, at most 600. */
  from: z.coerce.number().int().min(0).optional(),
  to: z.coerce.number().int().min(0).optional(),
});

export const RequestCountsView = z.object({
  limit: z.number().int(),
  seconds: z.array(
    z.object({ second: z.number().int(), requests: z.number().int(), rejected: z.number().int() }),
  ),
});

export const TokenHeader = z.object({ 'x-product-service-token': z.string() });
