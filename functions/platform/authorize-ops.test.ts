import { authorizeOps } from './authorize-ops.js';

describe('the operations token', () => {
  const access = { token: 'a-long-enough-metrics-token', public: false };

  it('accepts the bearer token or ?token=, and nothing else', () => {
    expect(() => authorizeOps(access, 'Bearer a-long-enough-metrics-token', undefined)).not.toThrow();
    expect(() => authorizeOps(access, undefined, 'a-long-enough-metrics-token')).not.toThrow();
    for (const [header, query] of [
      [undefined, undefined],
      ['Bearer wrong', undefined],
      ['Basic a-long-enough-metrics-token', undefined],
      [undefined, 'a-long-enough-metrics-tokeX'],
    ]) {
      expect(() => authorizeOps(access, header, query)).toThrow(
        expect.objectContaining({ code: 'OPS.TOKEN_REQUIRED', status: 401 }),
      );
    }
  });

  it('stays closed without a configured token unless explicitly public', () => {
    expect(() => authorizeOps({ public: false }, 'Bearer anything', undefined)).toThrow(
      expect.objectContaining({ status: 401 }),
    );
    expect(() => authorizeOps({ public: true }, undefined, undefined)).not.toThrow();
  });
});
