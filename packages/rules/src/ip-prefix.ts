/**
 * The network an address is in: the first three octets of an IPv4 address (`/24`) or the first
 * three groups of an IPv6 address (`/48`, a site's usual allocation). An IPv4-mapped IPv6
 * address is taken as the IPv4 address it carries. Text the parser does not recognise is its
 * own prefix (nothing is shared with another address by accident).
 */
export function ipPrefix(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const address = mapped?.[1] ?? ip;
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(address);
  if (v4) return `${v4[1]}.0/24`;
  if (!address.includes(':')) return address;
  const [head = '', tail] = address.toLowerCase().split('::');
  const groups = head === '' ? [] : head.split(':');
  // '::' stands for the zero groups the address leaves out; the prefix needs only the first three.
  if (tail !== undefined) while (groups.length < 3) groups.push('0');
  if (groups.length < 3) return address;
  return `${groups
    .slice(0, 3)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/48`;
}
