/**
 * lxc-ls output as LXC 5.0.2 prints it (ls_print_names / ls_print_table /
 * ls_print_fancy_format in src/lxc/tools/lxc_ls.c).
 *
 * Column widths start at the header width (NAME is 4 even in plain mode) and grow
 * to the longest value; every fancy column is `%-*s ` so rows end with a space.
 * RAM and SWAP widths come from `%.2f` of the MiB value of every row (0.00 for
 * stopped ones) and their header gets 2 extra columns for the `MB` suffix.
 */
import { fixed, padLeft, padRight } from './c-printf';
import { isActiveState, LsRow, splitCommaList } from './ls-row';

export interface LsOutput {
  stdout: string;
  stderr: string;
}

export interface LsFormatOptions {
  /** -f */
  fancy?: boolean;
  /** -F, only used together with -f. */
  fancyFormat?: string;
  /** -1 */
  line?: boolean;
  /** Columns of the terminal on stdout, stderr or stdin; 0 when none is a tty. */
  termWidth?: number;
}

const COLUMNS = ['NAME', 'STATE', 'PID', 'RAM', 'SWAP', 'AUTOSTART', 'GROUPS', 'INTERFACE', 'IPV4', 'IPV6', 'UNPRIVILEGED'] as const;
type Column = (typeof COLUMNS)[number];
const TABLE: readonly Column[] = ['NAME', 'STATE', 'AUTOSTART', 'GROUPS', 'IPV4', 'IPV6', 'UNPRIVILEGED'];

const mib = (bytes: number | undefined): number => (bytes ?? 0) / 1024 / 1024;
const joined = (list: string[]): string | null => (list.length ? list.join(', ') : null);

function textOf(row: LsRow, column: Column): string | null {
  switch (column) {
    case 'GROUPS': return joined(row.groups);
    case 'INTERFACE': return joined(row.interfaces);
    case 'IPV4': return joined(row.ipv4);
    case 'IPV6': return joined(row.ipv6);
    case 'STATE': return row.state;
    case 'NAME': return row.name;
    default: return null;
  }
}

function valueWidth(row: LsRow, column: Column): number {
  switch (column) {
    case 'NAME': return row.name.length + (row.nestLevel ?? 0);
    case 'RAM': return fixed(mib(row.ramBytes), 2).length;
    case 'SWAP': return fixed(mib(row.swapBytes), 2).length;
    case 'PID': return row.pid !== undefined ? String(row.pid).length : 0;
    case 'AUTOSTART': case 'UNPRIVILEGED': return 0;
    default: return textOf(row, column)?.length ?? 0;
  }
}

/** ls_field_width(): header length, grown by every row's value. */
export function lsColumnWidth(rows: readonly LsRow[], column: Column): number {
  return rows.reduce((width, row) => Math.max(width, valueWidth(row, column)), column.length);
}

function nameCell(row: LsRow, width: number): string {
  const level = row.nestLevel ?? 0;
  if (level === 0) return `${padRight(row.name, width)} `;
  return `${padLeft('\\', level)}${padRight(row.name, width - level)} `;
}

function memoryCell(row: LsRow, bytes: number | undefined, width: number): string {
  if (isActiveState(row.state)) return `${padLeft(fixed(mib(bytes), 2), width)}MB `;
  return `${padRight('-', width)}   `;
}

function cell(row: LsRow, column: Column, width: number): string {
  switch (column) {
    case 'NAME': return nameCell(row, width);
    case 'RAM': return memoryCell(row, row.ramBytes, width);
    case 'SWAP': return memoryCell(row, row.swapBytes, width);
    case 'PID': return `${padRight(row.pid !== undefined && row.pid > 0 ? String(row.pid) : '-', width)} `;
    case 'AUTOSTART': return `${padRight(row.autostart ? '1' : '0', width)} `;
    case 'UNPRIVILEGED': return `${padRight(row.unprivileged ? 'true' : 'false', width)} `;
    default: return `${padRight(textOf(row, column) ?? '-', width)} `;
  }
}

function header(column: Column, width: number): string {
  const extra = column === 'RAM' || column === 'SWAP' ? 2 : 0;
  return `${padRight(column, width + extra)} `;
}

function renderColumns(rows: readonly LsRow[], columns: readonly Column[]): string {
  const widths = columns.map((column) => lsColumnWidth(rows, column));
  let out = columns.map((column, i) => header(column, widths[i])).join('') + '\n';
  for (const row of rows) out += columns.map((column, i) => cell(row, column, widths[i])).join('') + '\n';
  return out;
}

/** Plain and -1 output. Without a terminal every padded name ends its own line. */
export function formatLsNames(rows: readonly LsRow[], line: boolean, termWidth: number): string {
  if (line) return rows.map((row) => `${row.name}\n`).join('');
  const width = lsColumnWidth(rows, 'NAME');
  let out = '';
  let used = 0;
  for (const row of rows) {
    out += padRight(row.name, width);
    used += width;
    if (used + width >= termWidth) {
      out += '\n';
      used = 0;
    } else {
      out += ' ';
      used += 1;
    }
  }
  return used > 0 ? `${out}\n` : out;
}

/** -f */
export function formatLsTable(rows: readonly LsRow[]): string {
  return rows.length ? renderColumns(rows, TABLE) : '';
}

/** -f -F LIST: column names are case-insensitive; an unknown one aborts with `Invalid key`. */
export function formatLsFancy(rows: readonly LsRow[], format: string): LsOutput {
  if (!rows.length) return { stdout: '', stderr: '' };
  const keys = splitCommaList(format);
  const columns: Column[] = [];
  for (const key of keys) {
    const column = COLUMNS.find((name) => name === key.toUpperCase());
    if (!column) return { stdout: '', stderr: `Invalid key: ${key}\n` };
    columns.push(column);
  }
  return { stdout: renderColumns(rows, columns), stderr: '' };
}

export function formatLs(rows: readonly LsRow[], options: LsFormatOptions): LsOutput {
  if (options.fancy && options.fancyFormat !== undefined) return formatLsFancy(rows, options.fancyFormat);
  if (options.fancy) return { stdout: formatLsTable(rows), stderr: '' };
  return { stdout: formatLsNames(rows, options.line ?? false, options.termWidth ?? 0), stderr: '' };
}
