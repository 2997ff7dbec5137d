import { clientNetwork } from './client-network.js';

describe('clientNetwork', () => {
  it('keeps IPv4, folds IPv6 to its /64 and IPv4-mapped addresses to the IPv4', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('::ffff:198.51.100.1')).toBe('198.51.100.1');
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});
