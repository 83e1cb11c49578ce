/** Generated identifiers: LXC's MAC prefix 00:16:3e (Xensource OUI, which LXC uses for `x` digits) and host veth names. */
import { randomBytes, randomInt } from 'node:crypto';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** `veth` + 7 random alphanumerics: 11 bytes, below IFNAMSIZ, like LXC's `vethXXXXXX`. */
export function randomVethName(): string {
  let s = 'veth';
  for (let i = 0; i < 7; i++) s += ALNUM[randomInt(ALNUM.length)];
  return s;
}

/** lxc.net.N.hwaddr with `x` digits filled at random; absent: 00:16:3e:xx:xx:xx. */
export function expandHwaddr(template = '00:16:3e:xx:xx:xx'): string {
  const hex = randomBytes(12).toString('hex');
  let i = 0;
  const mac = template.toLowerCase().replace(/x/g, () => hex[i++]);
  // A multicast first octet would be refused by the kernel; LXC clears the bit the same way.
  const first = parseInt(mac.slice(0, 2), 16) & 0xfe;
  return first.toString(16).padStart(2, '0') + mac.slice(2);
}

export function isRandomHwaddr(hwaddr: string | undefined): boolean {
  return hwaddr === undefined || /x/i.test(hwaddr);
}
