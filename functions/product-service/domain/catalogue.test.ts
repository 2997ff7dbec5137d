import { CATALOGUE_SIZE, catalogueProduct, FIRST_SKU, isCatalogueSku, LAST_SKU } from './catalogue.js';

describe('demo catalogue', () => {
  it('has 10,000 SKUs from 1000001 to 1010000', () => {
    expect(LAST_SKU - FIRST_SKU + 1).toBe(CATALOGUE_SIZE);
    expect(isCatalogueSku(1_000_001)).toBe(true);
    expect(isCatalogueSku(1_010_000)).toBe(true);
    expect(isCatalogueSku(1_000_000)).toBe(false);
    expect(isCatalogueSku(1_010_001)).toBe(false);
  });

  it('derives the same name and price from the SKU every time, in integer cents', () => {
    const first = catalogueProduct(1_000_123);
    expect(catalogueProduct(1_000_123)).toEqual(first);
    expect(Number.isInteger(first.priceAmount)).toBe(true);
    expect(first.priceAmount % 100).toBe(99);
    expect(first.currency).toBe('EUR');
  });

  it('gives neighbouring SKUs different products', () => {
    const names = new Set(Array.from({ length: 20 }, (_, i) => catalogueProduct(FIRST_SKU + i).name));
    expect(names.size).toBeGreaterThan(15);
  });
});
