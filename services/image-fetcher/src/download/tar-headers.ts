/**
 * A streaming reader of tar headers (ustar, GNU long names `L`/`K`, pax `x` records)
 * over the decompressed archive: it sees every member's name, type and link target
 * without writing anything, so an archive can be judged before GNU tar unpacks it.
 * File data is skipped, never buffered.
 */
import { spawn } from 'node:child_process';
import { open } from 'node:fs/promises';
import { ImageUnsafeError } from '@lxcbus/contracts';

export type EntryType = 'file' | 'hardlink' | 'symlink' | 'char' | 'block' | 'dir' | 'fifo' | 'other';

export interface TarEntry {
  readonly name: string;
  readonly type: EntryType;
  readonly linkname: string;
}

const TYPES: Record<string, EntryType> = { '0': 'file', '\0': 'file', '7': 'file', '1': 'hardlink', '2': 'symlink', '3': 'char', '4': 'block', '5': 'dir', '6': 'fifo' };
const BLOCK = 512;

/** The decompressor for a file, from its magic bytes (what GNU tar does on read). */
export async function decompressorFor(file: string): Promise<string[] | undefined> {
  const fh = await open(file, 'r');
  try {
    const { buffer } = await fh.read(Buffer.alloc(6), 0, 6, 0);
    if (buffer.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return ['xz', '-dc'];
    if (buffer[0] === 0x1f && buffer[1] === 0x8b) return ['gzip', '-dc'];
    if (buffer.readUInt32LE(0) === 0xfd2fb528) return ['zstd', '-dcq'];
    if (buffer.subarray(0, 3).toString('latin1') === 'BZh') return ['bzip2', '-dc'];
    return undefined;
  } finally {
    await fh.close();
  }
}

/** Every member of `file`, in archive order. */
export async function readTarEntries(file: string): Promise<TarEntry[]> {
  const tool = await decompressorFor(file);
  const child = spawn(tool ? tool[0] : 'cat', tool ? [...tool.slice(1), file] : [file], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', resolve);
  });
  const parser = new TarHeaderParser();
  for await (const chunk of child.stdout) parser.push(chunk as Buffer);
  const code = await exited;
  if (code !== 0) throw new ImageUnsafeError(`${file}: cannot decompress (${tool?.[0]} exit ${code})`, { archive: file });
  return parser.entries;
}

class TarHeaderParser {
  readonly entries: TarEntry[] = [];
  private pending = Buffer.alloc(0);
  private skip = 0;
  private collect?: { kind: string; size: number };
  private longName?: string;
  private longLink?: string;
  private pax: Record<string, string> = {};
  private ended = false;

  push(chunk: Buffer): void {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    for (;;) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, buf.length);
        this.skip -= n;
        buf = buf.subarray(n);
        if (this.skip > 0) break;
      }
      if (this.collect) {
        const padded = Math.ceil(this.collect.size / BLOCK) * BLOCK;
        if (buf.length < padded) break;
        this.extended(this.collect.kind, buf.subarray(0, this.collect.size));
        this.collect = undefined;
        buf = buf.subarray(padded);
        continue;
      }
      if (this.ended || buf.length < BLOCK) break;
      this.header(buf.subarray(0, BLOCK));
      buf = buf.subarray(BLOCK);
    }
    this.pending = Buffer.from(buf);
  }

  private header(h: Buffer): void {
    if (h.every((b) => b === 0)) {
      this.ended = true;
      return;
    }
    const type = String.fromCharCode(h[156]);
    const size = octal(h.subarray(124, 136));
    if (type === 'L' || type === 'K' || type === 'x' || type === 'g') {
      this.collect = { kind: type, size };
      return;
    }
    const prefix = h.subarray(257, 262).toString('latin1') === 'ustar' ? str(h.subarray(345, 500)) : '';
    const base = str(h.subarray(0, 100));
    const name = this.pax.path ?? this.longName ?? (prefix ? `${prefix}/${base}` : base);
    const linkname = this.pax.linkpath ?? this.longLink ?? str(h.subarray(157, 257));
    const realSize = this.pax.size !== undefined ? Number(this.pax.size) : size;
    this.entries.push({ name, type: TYPES[type] ?? 'other', linkname });
    this.longName = this.longLink = undefined;
    this.pax = {};
    // Hard links, symlinks, devices and dirs carry no data whatever the size field says.
    this.skip = ['0', '\0', '7'].includes(type) || !TYPES[type] ? Math.ceil(realSize / BLOCK) * BLOCK : 0;
  }

  private extended(kind: string, data: Buffer): void {
    if (kind === 'L') this.longName = str(data);
    else if (kind === 'K') this.longLink = str(data);
    else if (kind === 'x') this.pax = parsePax(data);
  }
}

function str(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.subarray(0, nul < 0 ? b.length : nul).toString('utf8');
}

/** Octal field, or GNU base-256 when the high bit of the first byte is set. */
function octal(b: Buffer): number {
  if (b[0] & 0x80) return b.subarray(1).reduce((n, x) => n * 256 + x, b[0] & 0x7f);
  const text = str(b).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const len = Number(data.subarray(at, space).toString('latin1'));
    if (space < 0 || !Number.isInteger(len) || len <= 0) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    at += len;
  }
  return out;
}
