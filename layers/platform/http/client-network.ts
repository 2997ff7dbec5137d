import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a request comes from, for anything counted per client (booking's per-network cap on
 * pending holds, identity's login and sign-up limits): an IPv4 address as it is,
 * an IPv6 address by its /64 (one subscriber usually gets a whole /64, so per-address counting would be
 * free to dodge), an IPv4-mapped IPv6 address as its IPv4. Anything else is kept as given.
 */
export function clientNetwork(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (isIPv4(ip) || !isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = ip.includes('::')
    ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right]
    : left;
  const prefix = groups.slice(0, 4).map((group) => (Number.parseInt(group, 16) || 0).toString(16));
  return `${prefix.join(':')}::/64`;
}
