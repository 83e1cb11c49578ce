/**
 * Reads a container config the way LXC 3.0+ does (one `key = value` per line,
 * see config-line.ts), following `lxc.include` into files and directories,
 * renaming legacy keys and rejecting what LXC rejects. It keeps the raw lines
 * of the top-level file so the file can be written back byte for byte, and
 * the flat, ordered list of entries (includes expanded) that config-state.ts
 * folds into values.
 */
import * as path from 'node:path';
import { checkValue } from './config-values';
import { ConfigError, ConfigErrorCode, ConfigLocation, invalidValue, ValueError } from './config-errors';
import { ConfigFs, nodeConfigFs } from './config-fs';
import { lookupKey } from './config-keys';
import { LineKind, scanLine, splitLines } from './config-line';
import { LegacyNetworkCursor, translateLegacyKey } from './legacy-keys';

export interface RawLine {
  /** The line exactly as read, without its newline. */
  text: string;
  kind: LineKind;
  /** Current name of the key (legacy names translated); entries only. */
  key?: string;
  /** The key as spelled in the file. */
  originalKey?: string;
  value?: string;
  /** A legacy key LXC dropped without replacement; kept in the text, ignored. */
  dropped?: boolean;
}

export interface ConfigEntry {
  key: string;
  value: string;
  originalKey: string;
  file: string;
  line: number;
  /** The line as written. */
  text: string;
}

export interface ParseOptions {
  /** Name used in errors and to resolve nothing else; defaults to `<config>`. */
  file?: string;
  fs?: ConfigFs;
}

export interface ParsedConfig {
  file: string;
  lines: RawLine[];
  entries: ConfigEntry[];
  /** One message per legacy key name, in order of first use. */
  warnings: string[];
}

interface Context {
  fs: ConfigFs;
  cursor: LegacyNetworkCursor;
  warnings: Set<string>;
  entries: ConfigEntry[];
  stack: string[];
}

export function parseConfigText(text: string, options: ParseOptions = {}): ParsedConfig {
  const file = options.file ?? '<config>';
  const ctx: Context = { fs: options.fs ?? nodeConfigFs, cursor: new LegacyNetworkCursor(), warnings: new Set(), entries: [], stack: [file] };
  const lines = parseLines(text, file, ctx);
  return { file, lines, entries: ctx.entries, warnings: [...ctx.warnings] };
}

function parseLines(text: string, file: string, ctx: Context): RawLine[] {
  return splitLines(text).map((lineText, i) => parseLine(lineText, { file, line: i + 1, text: lineText }, ctx));
}

function parseLine(text: string, where: ConfigLocation, ctx: Context): RawLine {
  const scanned = scanLine(text);
  if (scanned.kind === 'invalid') {
    throw new ConfigError(ConfigErrorCode.INVALID_LINE, `Invalid configuration line: ${text.trimStart()}`, where);
  }
  if (scanned.kind !== 'entry') return { text, kind: scanned.kind };
  const originalKey = scanned.key as string;
  const value = scanned.value as string;
  const legacy = translateLegacyKey(originalKey, ctx.cursor);
  if (legacy.kind === 'dropped') {
    ctx.warnings.add(legacy.warning);
    return { text, kind: 'entry', key: originalKey, originalKey, value, dropped: true };
  }
  if (legacy.kind === 'orphanNet') {
    throw invalidValue(where, `network is not created for '${originalKey}' = '${value}' option`);
  }
  if (legacy.kind === 'renamed') ctx.warnings.add(legacy.warning);
  const key = legacy.kind === 'renamed' ? legacy.key : originalKey;
  checkEntry(key, value, where);
  ctx.entries.push({ key, value, originalKey, file: where.file, line: where.line, text });
  if (key === 'lxc.include') include(value, where, ctx);
  return { text, kind: 'entry', key, originalKey, value };
}

/** Throws the error LXC reports for this key and value, if any. */
export function checkEntry(key: string, value: string, where: ConfigLocation): void {
  const found = lookupKey(key);
  if (!found.ok) {
    if (found.kind === 'unsupported' || found.kind === 'unknownNet') {
      throw new ConfigError(ConfigErrorCode.UNSUPPORTED_KEY, found.reason, where);
    }
    throw invalidValue(where, found.reason || undefined);
  }
  try {
    checkValue(found.spec.type, value);
  } catch (err) {
    if (err instanceof ValueError) throw invalidValue(where, err.reason);
    throw err;
  }
}

function include(target: string, where: ConfigLocation, ctx: Context): void {
  if (target.endsWith('/') || ctx.fs.isDirectory(target)) {
    // LXC ignores a directory it cannot open (observed with 5.0.2).
    const names = ctx.fs.readDir(target) ?? [];
    const confs = names.filter((n) => n.length >= 6 && n.endsWith('.conf')).sort();
    for (const name of confs) includeFile(path.posix.join(target, name), where, ctx);
    return;
  }
  includeFile(target, where, ctx);
}

function includeFile(file: string, where: ConfigLocation, ctx: Context): void {
  if (ctx.stack.includes(file)) {
    throw new ConfigError(ConfigErrorCode.INCLUDE_CYCLE, `Include cycle: ${[...ctx.stack, file].join(' -> ')}`, where);
  }
  const text = ctx.fs.readFile(file);
  if (text === undefined) throw new ConfigError(ConfigErrorCode.INCLUDE_MISSING, `Failed to open file "${file}"`, where);
  ctx.stack.push(file);
  parseLines(text, file, ctx);
  ctx.stack.pop();
}
