import { bearerMatches } from './token.js';

describe('bearerMatches', () => {
  const token = 'a-sending-api-token-of-some-length';

  it('accepts the exact token, case-insensitive scheme', () => {
    expect(bearerMatches(`Bearer ${token}`, token)).toBe(true);
    expect(bearerMatches(`bearer ${token}`, token)).toBe(true);
  });

  it('rejects a missing header, another scheme or another token', () => {
    expect(bearerMatches(undefined, token)).toBe(false);
    expect(bearerMatches(`Basic ${token}`, token)).toBe(false);
    expect(bearerMatches(`Bearer ${token}x`, token)).toBe(false);
    expect(bearerMatches('Bearer', token)).toBe(false);
  });
});
