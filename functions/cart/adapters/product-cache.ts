import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoDocuments } from '#platform/aws/clients';
import { platformConfig } from '#platform/config';
import type { Product } from '../domain/product.js';

/** Port: product data kept for a short while so repeat lookups cost no request to the product service. */
export interface ProductCache {
  get(sku: number): Promise<Product | undefined>;
  put(product: Product): Promise<void>;
}

/**
 * The shared cache table (CACHE_TABLE). Items carry `expiresAt` (epoch seconds) for DynamoDB's TTL, which
 * deletes them eventually; the emulator never does, so expiry is checked on every read.
 */
export function dynamoProductCache(options: {
  ttlSeconds: number;
  keyPrefix?: string;
  now?: () => number;
}): ProductCache {
  const now = options.now ?? Date.now;
  const table = () => platformConfig().CACHE_TABLE;
  const key = (sku: number) => `${options.keyPrefix ?? 'product-service:product'}:${sku}`;
  return {
    async get(sku) {
      const { Item } = await dynamoDocuments().send(
        new GetCommand({ TableName: table(), Key: { key: key(sku) } }),
      );
      if (!Item || Number(Item.expiresAt) * 1000 <= now()) return undefined;
      return Item.product as Product;
    },
    async put(product) {
      await dynamoDocuments().send(
        new PutCommand({
          TableName: table(),
          Item: { key: key(product.sku), product, expiresAt: Math.floor(now() / 1000) + options.ttlSeconds },
        }),
      );
    },
  };
}

export function memoryProductCache(): ProductCache & { size(): number } {
  const items = new Map<number, Product>();
  return {
    get: async (sku) => items.get(sku),
    put: async (product) => void items.set(product.sku, product),
    size: () => items.size,
  };
}
