/**
 * Usage figures from a container's cgroup, as lxc-info reads them: cgroup v1
 * files where the v1 controllers are mounted (cpuacct.usage,
 * memory.usage_in_bytes, memory.kmem.usage_in_bytes, the "Total" line of
 * blkio.throttle.io_service_bytes), else cgroup v2 (cpu.stat usage_usec,
 * memory.current, io.stat rbytes+wbytes). A missing file omits that figure,
 * as LXC omits the line. The root is a parameter so specs use a fake tree.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupUsage } from './kernel.port';

async function read(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

const int = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  const n = Number(s.trim());
  return Number.isFinite(n) ? n : undefined;
};

export function blkioTotal(text: string | undefined): number | undefined {
  const m = text && /^Total (\d+)$/m.exec(text);
  return m ? Number(m[1]) : undefined;
}

export function cpuStatUsageNs(text: string | undefined): number | undefined {
  const m = text && /^usage_usec (\d+)$/m.exec(text);
  return m ? Number(m[1]) * 1000 : undefined;
}

export function ioStatBytes(text: string | undefined): number | undefined {
  if (!text) return undefined;
  let total = 0;
  for (const m of text.matchAll(/\b[rw]bytes=(\d+)/g)) total += Number(m[1]);
  return total;
}

export async function readCgroupUsage(root: string, name: string): Promise<CgroupUsage> {
  const v1 = (ctrl: string, file: string) => read(join(root, ctrl, name, file));
  const cpuV1 = int(await v1('cpuacct', 'cpuacct.usage'));
  const memV1 = int(await v1('memory', 'memory.usage_in_bytes'));
  if (cpuV1 !== undefined || memV1 !== undefined) {
    const swap = int(await v1('memory', 'memory.memsw.usage_in_bytes'));
    return {
      cpuNs: cpuV1,
      memBytes: memV1,
      kmemBytes: int(await v1('memory', 'memory.kmem.usage_in_bytes')),
      blkioBytes: blkioTotal(await v1('blkio', 'blkio.throttle.io_service_bytes')),
      swapBytes: swap !== undefined && memV1 !== undefined ? Math.max(0, swap - memV1) : undefined,
    };
  }
  const unified = async (file: string) => (await read(join(root, name, file))) ?? read(join(root, 'unified', name, file));
  return {
    cpuNs: cpuStatUsageNs(await unified('cpu.stat')),
    memBytes: int(await unified('memory.current')),
    blkioBytes: ioStatBytes(await unified('io.stat')),
    swapBytes: int(await unified('memory.swap.current')),
  };
}
