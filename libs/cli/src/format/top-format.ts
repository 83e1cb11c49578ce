/**
 * lxc-top's screen and batch lines, byte for byte as LXC 5.0.2's lxc_top.c prints them:
 * a reverse-bold two-line header (MemSw and KMem columns only when the total is non-zero),
 * `%-18.18s %12.2f %12.2f %12.2f %36s %10s` rows with sizes through size_humanize(), and a
 * `TOTAL <shown> of <active>` row without a newline. Batch mode prints a CSV header once and
 * one raw line per container per refresh. Sorting copies LXC's comparators: names by
 * strncmp over the first name's length, figures descending (ascending with -r), ties stable.
 */
import { USER_HZ, type TopRow } from '@lxcbus/contracts';
import type { TopSortKey } from '../args';

export const TERM = { clear: '\x1b[H\x1b[J', norm: '\x1b[0m', bold: '\x1b[1m', rvrs: '\x1b[7m' } as const;

export const BATCH_HEADER =
  'time_ms,container,cpu_nanos,cpu_sys_userhz,cpu_user_userhz,blkio_bytes,blkio_iops,mem_used_bytes,memsw_used_bytes,kernel_mem_used_bytes\n';

type Figures = Required<Omit<TopRow, 'name'>>;

export function figures(r: TopRow): Figures {
  return {
    cpuNs: r.cpuNs ?? 0, cpuSysTicks: r.cpuSysTicks ?? 0, cpuUserTicks: r.cpuUserTicks ?? 0,
    blkioBytes: r.blkioBytes ?? 0, blkioReadBytes: r.blkioReadBytes ?? 0, blkioWriteBytes: r.blkioWriteBytes ?? 0,
    blkioIos: r.blkioIos ?? 0, memBytes: r.memBytes ?? 0, memswBytes: r.memswBytes ?? 0, kmemBytes: r.kmemBytes ?? 0,
  };
}

export function totalOf(rows: readonly TopRow[]): Figures {
  const t = figures({ name: '' });
  for (const r of rows) {
    const f = figures(r);
    for (const k of Object.keys(t) as (keyof Figures)[]) t[k] += f[k];
  }
  return t;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** size_humanize(): 32-bit unsigned arithmetic where LXC has it. */
export function sizeHumanize(val: number): string {
  const GiB = 2 ** 30;
  if (val > GiB) return `${Math.floor(val / GiB)}.${pad2(Math.floor((val % GiB) / 10737419))} GiB`;
  if (val > 2 ** 20) {
    const x = (val + 5243) >>> 0;
    return `${x >>> 20}.${pad2(Math.floor(((x & 0xfffff) * 100) / 2 ** 20))} MiB`;
  }
  if (val > 1024) {
    const x = (val + 5) >>> 0;
    return `${x >>> 10}.${pad2(Math.floor(((x & 0x3ff) * 100) / 1024))} KiB`;
  }
  return `${String(val >>> 0).padStart(3)}.00   `;
}

/** printf("%12.2f", (float)x): the value goes through a C float first. */
const f12 = (x: number): string => Math.fround(x).toFixed(2).padStart(12);

export function header(total: Figures): string {
  const extra = (label: string) => (total.memswBytes > 0 ? ` ${label.padStart(10)}` : '') + (total.kmemBytes > 0 ? ` ${label.padStart(10)}` : '');
  const line1 = `${'Container'.padEnd(18)} ${'CPU'.padStart(12)} ${'CPU'.padStart(12)} ${'CPU'.padStart(12)} ${'BlkIO'.padStart(36)} ${'Mem'.padStart(10)}`
    + (total.memswBytes > 0 ? ` ${'MemSw'.padStart(10)}` : '') + (total.kmemBytes > 0 ? ` ${'KMem'.padStart(10)}` : '');
  const line2 = `${'Name'.padEnd(18)} ${'Used'.padStart(12)} ${'Sys'.padStart(12)} ${'User'.padStart(12)} ${'Total(Read/Write)'.padStart(36)} ${'Used'.padStart(10)}${extra('Used')}`;
  return `${TERM.rvrs}${TERM.bold}${line1}\n${line2}\n${TERM.norm}`;
}

export function screenRow(name: string, f: Figures, total: Figures): string {
  const io = `${sizeHumanize(f.blkioBytes)}(${sizeHumanize(f.blkioReadBytes)}/${sizeHumanize(f.blkioWriteBytes)})`;
  let out = `${name.slice(0, 18).padEnd(18)} ${f12(f.cpuNs / 1e9)} ${f12(f.cpuSysTicks / USER_HZ)} ${f12(f.cpuUserTicks / USER_HZ)}`
    + ` ${io.padStart(36)} ${sizeHumanize(f.memBytes).padStart(10)}`;
  if (total.memswBytes > 0) out += ` ${sizeHumanize(f.memswBytes).padStart(10)}`;
  if (total.kmemBytes > 0) out += ` ${sizeHumanize(f.kmemBytes).padStart(10)}`;
  return out;
}

export function batchRow(timeMs: number, r: TopRow): string {
  const f = figures(r);
  return `${timeMs},${r.name},${f.cpuNs},${f.cpuSysTicks},${f.cpuUserTicks},${f.blkioBytes},${f.blkioIos},${f.memBytes},${f.memswBytes},${f.kmemBytes}\n`;
}

/** One refresh of the interactive screen: at most `maxRows` containers, then the TOTAL row. */
export function screen(rows: readonly TopRow[], maxRows: number): string {
  const total = totalOf(rows);
  const shown = rows.slice(0, Math.max(0, maxRows));
  const body = shown.map((r) => `${screenRow(r.name, figures(r), total)}\n`).join('');
  return `${TERM.clear}${header(total)}${body}${screenRow(`TOTAL ${shown.length} of ${rows.length}`, total, total)}`;
}

const byName = (a: string, b: string): number => {
  const n = Buffer.byteLength(a);
  const x = Buffer.from(a).subarray(0, n);
  const y = Buffer.from(b).subarray(0, n);
  return Buffer.compare(x, y);
};

const FIGURE: Record<Exclude<TopSortKey, 'n'>, keyof Figures> = { c: 'cpuNs', b: 'blkioBytes', m: 'memBytes', s: 'memswBytes', k: 'kmemBytes' };

export function sortRows(rows: readonly TopRow[], by: TopSortKey, reverse: boolean): TopRow[] {
  const out = [...rows];
  if (by === 'n') return out.sort((a, b) => (reverse ? byName(b.name, a.name) : byName(a.name, b.name)));
  const key = FIGURE[by];
  return out.sort((a, b) => (reverse ? figures(a)[key] - figures(b)[key] : figures(b)[key] - figures(a)[key]));
}
