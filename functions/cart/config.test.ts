import { parseCartConfig } from './config.js';

describe('cart configuration', () => {
  it('refuses to start without PRODUCT_SERVICE_URL on a stage with no simulator', () => {
    expect(() => parseCartConfig({ PRODUCT_SERVICE_SIMULATOR: 'false' })).toThrow(/PRODUCT_SERVICE_URL/);
    expect(() => parseCartConfig({})).toThrow(/PRODUCT_SERVICE_URL/);
  });

  it('uses the simulator where it is deployed, with the documented defaults', () => {
    expect(parseCartConfig({ PRODUCT_SERVICE_SIMULATOR: 'true' })).toMatchObject({
      PRODUCT_SERVICE_SIMULATOR: true,
      PRODUCT_SERVICE_RPS: 10,
      PRODUCT_SERVICE_RETRIES: 2,
      CART_LOOKUP_CONCURRENCY: 4,
    });
  });

  it('names a bad variable', () => {
    expect(() => parseCartConfig({ PRODUCT_SERVICE_SIMULATOR: 'true', PRODUCT_SERVICE_RPS: '0' })).toThrow(
      /PRODUCT_SERVICE_RPS/,
    );
  });
});
