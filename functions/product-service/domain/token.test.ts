import { tokenId, tokenMatches } from './token.js';

describe('product service token', () => {
  it('accepts only the exact token', () => {
    expect(tokenMatches('secret-token-123', 'secret-token-123')).toBe(true);
    expect(tokenMatches('secret-token-12', 'secret-token-123')).toBe(false);
    expect(tokenMatches('', 'secret-token-123')).toBe(false);
    expect(tokenMatches(undefined, 'secret-token-123')).toBe(false);
  });

  it('names a token by a hash that does not reveal it', () => {
    expect(tokenId('secret-token-123')).toMatch(/^[0-9a-f]{16}$/);
    expect(tokenId('secret-token-123')).not.toContain('secret');
    expect(tokenId('a')).not.toBe(tokenId('b'));
  });
});
