/**
 * The figures lxc-top shows beyond lxc-info's, read the way LXC 5.0's lxc_top.c reads them:
 * v1 cpuacct.stat user/system (USER_HZ ticks), blkio.throttle.io_service_bytes Read/Write
 * (summed over devices), blkio.throttle.io_serviced Total, memory.memsw.usage_in_bytes; else
 * cgroup2 cpu.stat user_usec/system_usec (converted to USER_HZ ticks), io.stat rbytes/wbytes,
 * memory.swap.current and memory.stat `kernel`. A missing file leaves the figure out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CgroupUsage } from './kernel.port';

const USER_HZ = 100;

async function read(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** `<key> <n>` line of a flat keyed file (cpuacct.stat, cpu.stat, memory.stat). */
export function keyed(text: string | undefined, key: string): number | undefined {
  const m = text && new RegExp(`^${key} (\\d+)$`, 'm').exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Sums of `<dev> Read n` / `<dev> Write n` and the `Total n` line of a v1 blkio.throttle file. */
export function blkioV1(text: string | undefined): { read: number; write: number; total?: number } | undefined {
  if (!text) return undefined;
  let read = 0;
  let write = 0;
  for (const m of text.matchAll(/^\S+ (Read|Write) (\d+)$/gm)) {
    if (m[1] === 'Read') read += Number(m[2]);
    else write += Number(m[2]);
  }
  const total = /^Total (\d+)$/m.exec(text);
  return { read, write, ...(total && { total: Number(total[1]) }) };
}

export function ioStatV2(text: string | undefined): { read: number; write: number } | undefined {
  if (!text) return undefined;
  let read = 0;
  let write = 0;
  for (const m of text.matchAll(/\b([rw])bytes=(\d+)/g)) {
    if (m[1] === 'r') read += Number(m[2]);
    else write += Number(m[2]);
  }
  return { read, write };
}

const num = (s: string | undefined): number | undefined => (s !== undefined && /^\d+\s*$/.test(s) ? Number(s.trim()) : undefined);
const ticks = (usec: number | undefined): number | undefined => (usec === undefined ? undefined : Math.floor((usec * USER_HZ) / 1e6));

export async function readTopUsage(root: string, name: string): Promise<CgroupUsage> {
  const v1 = (ctrl: string, file: string) => read(join(root, ctrl, name, file));
  const cpuacct = await v1('cpuacct', 'cpuacct.stat');
  if (cpuacct !== undefined || (await v1('memory', 'memory.usage_in_bytes')) !== undefined) {
    const bytes = blkioV1(await v1('blkio', 'blkio.throttle.io_service_bytes'));
    const ios = blkioV1(await v1('blkio', 'blkio.throttle.io_serviced'));
    return {
      cpuUserTicks: keyed(cpuacct, 'user'),
      cpuSysTicks: keyed(cpuacct, 'system'),
      blkioReadBytes: bytes?.read,
      blkioWriteBytes: bytes?.write,
      blkioIos: ios?.total,
      memswBytes: num(await v1('memory', 'memory.memsw.usage_in_bytes')),
    };
  }
  const unified = async (file: string) => (await read(join(root, name, file))) ?? read(join(root, 'unified', name, file));
  const cpu = await unified('cpu.stat');
  const io = ioStatV2(await unified('io.stat'));
  return {
    cpuUserTicks: ticks(keyed(cpu, 'user_usec')),
    cpuSysTicks: ticks(keyed(cpu, 'system_usec')),
    blkioReadBytes: io?.read,
    blkioWriteBytes: io?.write,
    memswBytes: num(await unified('memory.swap.current')),
    kmemBytes: keyed(await unified('memory.stat'), 'kernel'),
  };
}
