/**
 * One container config: the raw lines of its file (written back unchanged
 * unless edited) and the values LXC would end up with, includes applied.
 * Typed accessors cover what lxcbus needs; `get` answers in LXC's getter
 * format. Every edit re-reads the result, so an edit LXC would reject throws.
 */
import { checkEntry, ConfigEntry, parseConfigText, ParsedConfig, ParseOptions, RawLine } from './config-parser';
import { ConfigError, ConfigErrorCode } from './config-errors';
import { ConfigFs, nodeConfigFs } from './config-fs';
import { getValue, splitRootfsPath, valuesOf } from './config-getters';
import { foldEntries, EffectiveValue } from './config-state';
import { appendText, assertWritable, formatEntry, removeText, setText } from './config-writer';
import { IdMap, parseIdmap } from './idmap';
import { splitCommand } from './init-command';
import { networksOf, NetworkConfig } from './network-config';
import { parseSignal } from './signal-names';

export interface KeyValue {
  /** The key without its family prefix, e.g. `memory.max`. */
  name: string;
  value: string;
}

export interface EnvironmentVariable {
  name: string;
  /** Undefined for `lxc.environment = NAME` (inherit from the host). */
  value?: string;
}

export class ContainerConfig {
  private parsed: ParsedConfig;
  private state: EffectiveValue[];

  private constructor(parsed: ParsedConfig, private readonly fs: ConfigFs) {
    this.parsed = parsed;
    this.state = foldEntries(parsed.entries);
  }

  static parse(text: string, options: ParseOptions = {}): ContainerConfig {
    return new ContainerConfig(parseConfigText(text, options), options.fs ?? nodeConfigFs);
  }

  get file(): string { return this.parsed.file; }
  get warnings(): readonly string[] { return this.parsed.warnings; }
  lines(): readonly RawLine[] { return this.parsed.lines; }
  /** Every entry read, includes expanded, in order. */
  entries(): readonly ConfigEntry[] { return this.parsed.entries; }
  /** The file text; byte-identical to the input when nothing was edited. */
  serialize(): string { return this.parsed.lines.map((l) => l.text).join('\n'); }
  toString(): string { return this.serialize(); }

  get(key: string): string | undefined { return getValue(this.state, key); }
  /** Effective raw values of one key, in order (list keys: every item). */
  getAll(key: string): string[] { return valuesOf(this.state, key); }
  has(key: string): boolean { return this.state.some((v) => v.key === key); }

  networks(): NetworkConfig[] { return networksOf(this.state); }
  idmaps(): IdMap[] { return this.getAll('lxc.idmap').map((v) => parseIdmap(v) as IdMap); }
  mountEntries(): string[] { return this.getAll('lxc.mount.entry'); }
  mountAuto(): string[] { return this.getAll('lxc.mount.auto'); }
  mountFstab(): string | undefined { return this.one('lxc.mount.fstab'); }
  utsName(): string | undefined { return this.one('lxc.uts.name'); }
  rootfs(): { type: string; path: string } | undefined {
    const v = this.one('lxc.rootfs.path');
    return v === undefined ? undefined : splitRootfsPath(v);
  }
  /** argv of `lxc.init.cmd`, or undefined when unset (LXC then uses /sbin/init). */
  initCmd(): string[] | undefined {
    const v = this.one('lxc.init.cmd');
    return v === undefined ? undefined : splitCommand(v);
  }
  environment(): EnvironmentVariable[] {
    return this.getAll('lxc.environment').map((e) => {
      const eq = e.indexOf('=');
      return eq < 0 ? { name: e } : { name: e.slice(0, eq), value: e.slice(eq + 1) };
    });
  }
  capDrop(): string[] { return this.getAll('lxc.cap.drop'); }
  capKeep(): string[] { return this.getAll('lxc.cap.keep'); }
  groups(): string[] { return this.getAll('lxc.group'); }
  startAuto(): boolean { return this.get('lxc.start.auto') === '1'; }
  startDelay(): number { return Number(this.get('lxc.start.delay') || 0); }
  startOrder(): number { return Number(this.get('lxc.start.order') || 0); }
  /** Signal number, or undefined when unset (the caller applies LXC's default). */
  signal(kind: 'halt' | 'reboot' | 'stop'): number | undefined {
    const v = this.one(`lxc.signal.${kind}`);
    return v === undefined ? undefined : parseSignal(v);
  }
  hooks(type: string): string[] { return this.getAll(`lxc.hook.${type}`); }
  cgroup(): KeyValue[] { return this.family('lxc.cgroup'); }
  cgroup2(): KeyValue[] { return this.family('lxc.cgroup2'); }
  sysctl(): KeyValue[] { return this.family('lxc.sysctl'); }
  prlimit(): KeyValue[] { return this.family('lxc.prlimit'); }
  proc(): KeyValue[] { return this.family('lxc.proc'); }

  /** Sets a key to one value: the first line is replaced in place, other lines of the key removed. */
  set(key: string, value: string): this {
    this.check(key, value);
    return this.reparse(setText(this.parsed.lines, key, value));
  }

  /** Adds a value at the end of the file (list keys accumulate, scalars are overridden). */
  append(key: string, value: string): this {
    this.check(key, value);
    return this.reparse(appendText(this.parsed.lines.map((l) => l.text), formatEntry(key, value)));
  }

  /** Removes the key (or family / `lxc.net.N`) from the file; writes `key =` if an include still sets it. */
  clear(key: string): this {
    assertWritable(key, '');
    this.reparse(removeText(this.parsed.lines, key));
    const stillSet = this.state.some((v) => v.key === key || v.family === key);
    if (stillSet) this.reparse(appendText(this.parsed.lines.map((l) => l.text), formatEntry(key, '')));
    return this;
  }

  private one(key: string): string | undefined {
    const all = this.getAll(key);
    return all[all.length - 1];
  }

  private family(prefix: string): KeyValue[] {
    return this.state.filter((v) => v.family === prefix).map((v) => ({ name: v.key.slice(prefix.length + 1), value: v.value }));
  }

  private check(key: string, value: string): void {
    assertWritable(key, value);
    if (key === 'lxc.include') {
      throw new ConfigError(ConfigErrorCode.INVALID_VALUE, 'lxc.include cannot be edited through set/append', { file: this.file, line: 0, text: key });
    }
    checkEntry(key, value, { file: this.file, line: 0, text: formatEntry(key, value) });
  }

  private reparse(texts: string[]): this {
    const parsed = parseConfigText(texts.join('\n'), { file: this.parsed.file, fs: this.fs });
    this.parsed = parsed;
    this.state = foldEntries(parsed.entries);
    return this;
  }
}

/** Parses config text; `options.file` names it in errors, `options.fs` serves includes. */
export function parseConfig(text: string, options: ParseOptions = {}): ContainerConfig {
  return ContainerConfig.parse(text, options);
}

/** Reads and parses a config file; a missing file is `Failed to open file "<path>"`. */
export function loadConfig(file: string, options: { fs?: ConfigFs } = {}): ContainerConfig {
  const fs = options.fs ?? nodeConfigFs;
  const text = fs.readFile(file);
  if (text === undefined) throw new ConfigError(ConfigErrorCode.FILE_MISSING, `Failed to open file "${file}"`, { file, line: 0, text: '' });
  return ContainerConfig.parse(text, { file, fs });
}
