/**
 * A bridge made for one networking test (never the host's lxcbr0), with its own /24, and what
 * such a test looks at: the links on the bridge, the leases network-allocator holds for the
 * stack's host, and the removal of the bridge, its dnsmasq and files at the end.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { KV } from 'nats';

export const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export function linkExists(name: string): boolean {
  try {
    ip('link', 'show', 'dev', name);
    return true;
  } catch {
    return false;
  }
}

export interface TestBridge {
  /** Random per run, so tests and runs never share a bridge. */
  tag: string;
  name: string;
  /** The /24's first three octets, e.g. 10.231.57. */
  net: string;
  gateway: string;
  /** An IPv4 of the bridge's /24, whole string. */
  addressPattern: RegExp;
  /** LXCBUS_NET_BRIDGES for the stack: the bridge and its gateway/24. */
  bridgesEnv: string;
  /** The links enslaved to the bridge (none when it does not exist). */
  ports(): string[];
  /** Stops its dnsmasq and removes its DHCP files (under the stack's host) and the bridge. */
  remove(stackHost: string | undefined): void;
}

/** `firstOctets` keeps two tests' subnets apart (10.231 for one, 10.232 for another). */
export function testBridge(firstOctets: string): TestBridge {
  const tag = randomBytes(3).toString('hex');
  const name = `lxcbt${tag}`;
  const net = `${firstOctets}.${(parseInt(tag, 16) % 200) + 20}`;
  const gateway = `${net}.1`;
  return {
    tag, name, net, gateway,
    addressPattern: new RegExp(`^${net.replace(/\./g, '\\.')}\\.\\d+$`),
    bridgesEnv: `${name}=${gateway}/24`,
    ports: () => {
      if (!linkExists(name)) return [];
      return ip('-o', 'link', 'show', 'master', name).split('\n').filter(Boolean).map((l) => l.split(':')[1].trim().split('@')[0]);
    },
    remove: (stackHost) => {
      if (stackHost) {
        const dir = dhcpDir(stackHost);
        const pidFile = join(dir, `${name}.pid`);
        if (existsSync(pidFile)) {
          try {
            process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGTERM');
          } catch {
            /* already gone */
          }
        }
        rmSync(dir, { recursive: true, force: true });
      }
      if (linkExists(name)) ip('link', 'del', name);
    },
  };
}

/** Where network-allocator keeps dnsmasq's pid, hosts and leases files for a stack's host. */
export const dhcpDir = (stackHost: string) => `/run/lxcbus-dnsmasq/${stackHost}`;

/** The keys of one kind of lease (ip, mac, veth, ctr, quota) held for the host. */
export async function leaseKeys(kv: KV, host: string, kind: string): Promise<string[]> {
  const out: string[] = [];
  for await (const k of await kv.keys(`${kind}.${host}.>`)) out.push(k);
  return out;
}
