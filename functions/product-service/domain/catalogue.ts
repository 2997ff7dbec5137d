/**
 * The simulator's demo catalogue: SKUs 1000001…1010000 (10,000 products), each with a name and a price
 * derived from the SKU alone, so every seed run, test and demo sees the same products.
 * The orders seed stocks the same range (see functions/orders/contract.ts).
 */
export const FIRST_SKU = 1_000_001;
export const CATALOGUE_SIZE = 10_000;
export const LAST_SKU = FIRST_SKU + CATALOGUE_SIZE - 1;
export const CATALOGUE_CURRENCY = 'EUR';

const ADJECTIVES = [
  'Amber',
  'Brisk',
  'Cobalt',
  'Dusky',
  'Ember',
  'Frosted',
  'Golden',
  'Hazel',
  'Ivory',
  'Jade',
];
const MATERIALS = [
  'Oak',
  'Linen',
  'Copper',
  'Ceramic',
  'Wool',
  'Walnut',
  'Glass',
  'Leather',
  'Bamboo',
  'Steel',
  'Cotton',
];
const THINGS = [
  'Mug',
  'Lamp',
  'Notebook',
  'Kettle',
  'Blanket',
  'Chair',
  'Vase',
  'Backpack',
  'Clock',
  'Teapot',
  'Shelf',
  'Scarf',
  'Bowl',
];

export interface CatalogueProduct {
  sku: number;
  name: string;
  /** Minor units (cents). */
  priceAmount: number;
  currency: string;
}

export function isCatalogueSku(sku: number): boolean {
  return Number.isInteger(sku) && sku >= FIRST_SKU && sku <= LAST_SKU;
}

/** The product for a catalogue SKU: deterministic, and different neighbours look different. */
export function catalogueProduct(sku: number): CatalogueProduct {
  const n = sku - FIRST_SKU;
  const name = `${ADJECTIVES[n % ADJECTIVES.length]} ${MATERIALS[(n * 7) % MATERIALS.length]} ${THINGS[(n * 11) % THINGS.length]}`;
  // 1.99 € … 249.99 €, always ending in 99 cents.
  const euros = 1 + ((n * 7_919) % 249);
  return { sku, name, priceAmount: euros * 100 + 99, currency: CATALOGUE_CURRENCY };
}

/** A few SKUs to try by hand (the banner and README show them). */
export const DEMO_SKUS = [FIRST_SKU, FIRST_SKU + 1, FIRST_SKU + 2, LAST_SKU];
