/**
 * `net.json` in a container's run dir: the interfaces the allocator resolved for this run, so
 * lxc-info can name the links and read their counters, and a re-adopted container keeps its IPs.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { NetNic } from '@lxcbus/contracts';

export interface NetRecord {
  ips: string[];
  nics: Pick<NetNic, 'index' | 'type' | 'name' | 'link' | 'host'>[];
}

export async function writeNetRecord(runDir: string, rec: NetRecord): Promise<void> {
  const tmp = join(runDir, 'net.json.tmp');
  await writeFile(tmp, JSON.stringify(rec), { mode: 0o600 });
  await rename(tmp, join(runDir, 'net.json'));
}

export async function readNetRecord(runDir: string): Promise<NetRecord | null> {
  try {
    return JSON.parse(await readFile(join(runDir, 'net.json'), 'utf8')) as NetRecord;
  } catch {
    return null;
  }
}

export function netRecordOf(ips: string[], nics: NetNic[]): NetRecord {
  return { ips, nics: nics.map(({ index, type, name, link, host }) => ({ index, type, name, link, host })) };
}
