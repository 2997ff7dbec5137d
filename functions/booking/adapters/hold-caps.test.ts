import { MAX_CAP_STRIPES, stripeCount, stripeShare } from './hold-caps.js';

describe('cap stripes', () => {
  it.each([1, 2, 3, 7, 8, 9, 20, 200, 100_000])(
    'splits a cap of %i into shares that add up to it',
    (limit) => {
      const stripes = stripeCount(limit);
      expect(stripes).toBe(Math.min(MAX_CAP_STRIPES, limit));
      const shares = Array.from({ length: stripes }, (_, stripe) => stripeShare(limit, stripe));
      expect(shares.reduce((sum, share) => sum + share, 0)).toBe(limit);
      expect(Math.min(...shares)).toBeGreaterThanOrEqual(1);
      expect(Math.max(...shares) - Math.min(...shares)).toBeLessThanOrEqual(1);
    },
  );
});
