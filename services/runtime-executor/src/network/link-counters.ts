/**
 * lxc-info's Link lines (LXC-REFERENCE 3.1): a veth is named by its host end and counted there,
 * with the host's RX shown as the container's TX; other types show lxc.net.N.link. Counters come
 * from sysfs like LXC's, so a link that is already gone is simply left out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetRecord } from './net-record';

export interface LinkCounters {
  name: string;
  txBytes: number;
  rxBytes: number;
}

async function counter(sysNet: string, ifname: string, which: 'rx_bytes' | 'tx_bytes'): Promise<number | null> {
  try {
    return Number((await readFile(join(sysNet, ifname, 'statistics', which), 'utf8')).trim());
  } catch {
    return null;
  }
}

export async function linkCounters(rec: NetRecord, sysNet = '/sys/class/net'): Promise<LinkCounters[]> {
  const out: LinkCounters[] = [];
  for (const n of rec.nics) {
    if (n.type !== 'veth' || !n.host) continue;
    const [rx, tx] = await Promise.all([counter(sysNet, n.host, 'rx_bytes'), counter(sysNet, n.host, 'tx_bytes')]);
    if (rx === null || tx === null) continue;
    out.push({ name: n.host, txBytes: rx, rxBytes: tx });
  }
  return out;
}
