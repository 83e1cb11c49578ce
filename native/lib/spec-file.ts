/**
 * The spec file the shim reads (parser: native/src/core/spec.c). Version 1: one
 * `key<TAB>value` per line; `\\`, `\t`, `\n` escape backslash, tab and newline; repeatable keys
 * (init, env, mount.entry) keep their order. A mount.entry is `source target fstype options`
 * with spaces inside a field written as \040, as in fstab.
 */
import { toSignalNumber } from './signals';
import { netSpecLines } from './net-spec';
import { confineSpecLines } from './confine-spec';
import { idmapSpecLines } from './idmap-spec';
import { consoleSpecLines } from './console-log-spec';
import { START_HOOK_TYPES, type ContainerSpec, type MountEntry } from './types';

/** Every default in one place; the shim applies the same ones when a key is absent. */
export const SPEC_DEFAULTS = {
  hostname: undefined,
  cwd: '/',
  uid: 0,
  gid: 0,
  shareHostNet: false,
  proc: 'mixed',
  sys: 'ro',
  autodev: true,
  ttyMax: 0,
  ptyMax: 0,
  haltSignal: 'SIGPWR',
} as const;

export function escapeValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n');
}

export function unescapeValue(v: string): string {
  return v.replace(/\\(.)/g, (_m, c: string) => (c === 't' ? '\t' : c === 'n' ? '\n' : c));
}

function fstabField(f: string): string {
  return f.replace(/\\/g, '\\134').replace(/ /g, '\\040').replace(/\t/g, '\\011');
}

export function mountEntryLine(m: MountEntry): string {
  const opts = m.options.length ? m.options.join(',') : 'defaults';
  return [m.source, m.target, m.fstype, opts].map(fstabField).join(' ');
}

export function serializeSpec(spec: ContainerSpec): string {
  const lines: Array<[string, string | number]> = [['version', 1]];
  const add = (k: string, v: string | number | undefined): void => {
    if (v !== undefined) lines.push([k, v]);
  };
  add('name', spec.name);
  add('lxcpath', spec.lxcpath);
  add('rootfs', spec.rootfs);
  add('rootfs.lower', spec.rootfsOverlay?.lower);
  add('rootfs.upper', spec.rootfsOverlay?.upper);
  add('rootfs.work', spec.rootfsOverlay?.work);
  add('rootfs.options', spec.rootfsOptions || undefined);
  if (spec.rootfsIdmap) add('rootfs.idmap', 1);
  START_HOOK_TYPES.forEach((t) => (spec.hooks?.[t] ?? []).forEach((h) => add(`hook.${t}`, h)));
  if (spec.hookVersion === 1) add('hook.version', 1);
  add('hook.uid', spec.hookUser?.uid);
  add('hook.gid', spec.hookUser?.gid);
  add('hostname', spec.hostname);
  spec.init.forEach((a) => add('init', a));
  spec.env.forEach((e) => add('env', e));
  add('cwd', spec.cwd ?? SPEC_DEFAULTS.cwd);
  add('uid', spec.uid ?? SPEC_DEFAULTS.uid);
  add('gid', spec.gid ?? SPEC_DEFAULTS.gid);
  add('net', spec.shareHostNet ?? SPEC_DEFAULTS.shareHostNet ? 'host' : 'new');
  netSpecLines(spec).forEach(([k, v]) => add(k, v));
  add('mount.proc', spec.mountAuto?.proc ?? SPEC_DEFAULTS.proc);
  add('mount.sys', spec.mountAuto?.sys ?? SPEC_DEFAULTS.sys);
  if (spec.mountAuto?.cgroup && spec.mountAuto.cgroup !== 'none') add('mount.cgroup', spec.mountAuto.cgroup);
  (spec.mountEntries ?? []).forEach((m) => add('mount.entry', mountEntryLine(m)));
  confineSpecLines(spec.confine).forEach(([k, v]) => add(k, v));
  idmapSpecLines(spec).forEach(([k, v]) => add(k, v));
  add('autodev', spec.autodev ?? SPEC_DEFAULTS.autodev ? 1 : 0);
  if (spec.initReaper) add('init.reaper', 1);
  if (spec.initStdio) add('init.stdio', 1);
  if (spec.initStdio && spec.initTty) {
    const t = spec.initTty;
    add('init.tty', (t.stdin ? 1 : 0) | (t.stdout ? 2 : 0) | (t.stderr ? 4 : 0));
    add('init.tty.rows', t.rows);
    add('init.tty.cols', t.cols);
  }
  add('tty.max', spec.ttyMax ?? SPEC_DEFAULTS.ttyMax);
  add('pty.max', spec.ptyMax ?? SPEC_DEFAULTS.ptyMax);
  add('cgroup.root', spec.cgroupRoot);
  add('cgroup.name', spec.cgroupName);
  add('signal.halt', toSignalNumber(spec.haltSignal ?? SPEC_DEFAULTS.haltSignal, 'spec.haltSignal'));
  add('run.dir', spec.runDir);
  add('log.file', spec.logFile);
  consoleSpecLines(spec).forEach(([k, v]) => add(k, v));
  return lines.map(([k, v]) => `${k}\t${escapeValue(String(v))}\n`).join('');
}

/** Inverse of serializeSpec for the keys as written: (key, values in order). For tests and tools. */
export function parseSpecLines(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const tab = line.indexOf('\t');
    const key = line.slice(0, tab);
    out.set(key, [...(out.get(key) ?? []), unescapeValue(line.slice(tab + 1))]);
  }
  return out;
}
