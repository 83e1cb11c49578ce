/** IPv4 subnet arithmetic for managed bridges: the bridge holds one address, containers get the rest. */
export interface Subnet {
  /** The bridge's own address and prefix, e.g. 10.0.3.1/24. */
  cidr: string;
  address: string;
  prefix: number;
  network: string;
  netmask: string;
}

export function ipToInt(ip: string): number {
  const p = ip.split('.').map(Number);
  if (p.length !== 4 || p.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`bad IPv4 address "${ip}"`);
  return ((p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3]) >>> 0;
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

export function parseCidr(cidr: string): Subnet {
  const [address, len] = cidr.split('/');
  const prefix = Number(len);
  if (!Number.isInteger(prefix) || prefix < 8 || prefix > 30) throw new Error(`bad subnet "${cidr}" (prefix 8..30)`);
  const mask = prefix === 0 ? 0 : (~0 << (32 - prefix)) >>> 0;
  const net = (ipToInt(address) & mask) >>> 0;
  return { cidr, address, prefix, network: intToIp(net), netmask: intToIp(mask) };
}

/** Every host address of the subnet except the bridge's own (network and broadcast excluded). */
export function hostAddresses(s: Subnet): string[] {
  const net = ipToInt(s.network);
  const size = 2 ** (32 - s.prefix);
  const out: string[] = [];
  for (let i = 1; i < size - 1; i++) {
    const ip = intToIp(net + i);
    if (ip !== s.address) out.push(ip);
  }
  return out;
}
