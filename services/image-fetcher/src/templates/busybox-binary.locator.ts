/**
 * Finds the busybox binary to copy into a rootfs. lxc-busybox uses `command -v busybox`
 * (first hit on PATH). We walk the same PATH, then the dirs LXC appends
 * (/usr/sbin:/usr/bin:/sbin:/bin), and prefer the first *static* binary: a dynamic
 * busybox only runs inside the container through the read-only bind mounts of the
 * host's /lib dirs, which break as soon as the host upgrades its libc.
 */
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

const FALLBACK_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const PT_INTERP = 3;

export async function isExecutableFile(file: string): Promise<boolean> {
  try {
    const st = await fs.stat(file);
    if (!st.isFile()) return false;
    await fs.access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * True for an ELF file with no PT_INTERP program header, i.e. one the kernel runs
 * without a dynamic loader. Scripts and unreadable files are not static.
 */
export async function isStaticElf(file: string): Promise<boolean> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const head = Buffer.alloc(64);
    const { bytesRead } = await handle.read(head, 0, 64, 0);
    if (bytesRead < 52 || head.readUInt32BE(0) !== 0x7f454c46) return false;
    const is64 = head[4] === 2;
    const le = head[5] === 1;
    const u16 = (b: Buffer, o: number) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
    const u32 = (b: Buffer, o: number) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
    const phoff = is64 ? Number(le ? head.readBigUInt64LE(0x20) : head.readBigUInt64BE(0x20)) : u32(head, 0x1c);
    const phentsize = u16(head, is64 ? 0x36 : 0x2a);
    const phnum = u16(head, is64 ? 0x38 : 0x2c);
    if (phnum === 0 || phentsize < 4) return false;
    const table = Buffer.alloc(phentsize * phnum);
    await handle.read(table, 0, table.length, phoff);
    for (let i = 0; i < phnum; i++) {
      if (u32(table, i * phentsize) === PT_INTERP) return false;
    }
    return true;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** Every distinct executable `busybox` along PATH then LXC's fallback dirs, in order. */
export async function busyboxCandidates(pathEnv: string, fallbackDirs: readonly string[] = FALLBACK_DIRS): Promise<string[]> {
  const dirs = [...pathEnv.split(':').filter((d) => d !== ''), ...fallbackDirs];
  const seen = new Set<string>();
  const found: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, 'busybox');
    if (!(await isExecutableFile(file))) continue;
    const real = await fs.realpath(file);
    if (seen.has(real)) continue;
    seen.add(real);
    found.push(file);
  }
  return found;
}

/** The first static candidate, else the first candidate, else undefined. */
export async function locateBusybox(
  pathEnv: string = process.env.PATH ?? '',
  fallbackDirs: readonly string[] = FALLBACK_DIRS,
): Promise<string | undefined> {
  const candidates = await busyboxCandidates(pathEnv, fallbackDirs);
  for (const c of candidates) {
    if (await isStaticElf(c)) return c;
  }
  return candidates[0];
}
