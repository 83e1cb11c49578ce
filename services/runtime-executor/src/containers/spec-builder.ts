/**
 * Parsed LXC config -> ContainerSpec, with LXC's defaults: init /sbin/init,
 * halt SIGPWR, hostname = name, `container=lxc` in init's environment. Keys
 * this version cannot honour yet are refused, never silently dropped.
 */
import { join } from 'node:path';
import { ConfigInvalidError, UnsupportedError } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import type { ContainerLocation } from './container-ref';
import type { ContainerSpec, ProcMode, SysMode } from './container-spec';

export const SIGPWR = 30;
export const SIGKILL = 9;

export interface SpecContext {
  loc: ContainerLocation;
  cgroupRoot: string;
  /** From the network-allocator's plan: false = share the host netns (lxc.net.0.type = none). */
  isolateNet: boolean;
  /** `lxc-start -- cmd`. */
  command?: string[];
  /** For `lxc.environment = NAME` (inherit). */
  hostEnv: NodeJS.ProcessEnv;
}

export function buildSpec(config: ContainerConfig, ctx: SpecContext): ContainerSpec {
  refuseUnsupported(config);
  const { loc } = ctx;
  return {
    name: loc.name,
    lxcpath: loc.lxcpath,
    rootfs: rootfsPath(config, loc),
    hostname: config.utsName() ?? loc.name,
    init: ctx.command && ctx.command.length > 0 ? ctx.command : config.initCmd() ?? ['/sbin/init'],
    env: environment(config, ctx.hostEnv),
    cwd: config.get('lxc.init.cwd') || '/',
    uid: Number(config.get('lxc.init.uid') ?? 0),
    gid: Number(config.get('lxc.init.gid') ?? 0),
    shareHostNet: !ctx.isolateNet,
    mountAuto: mountAuto(config.mountAuto()),
    mountEntries: config.mountEntries(),
    autodev: config.get('lxc.autodev') !== '0',
    ttyMax: Number(config.get('lxc.tty.max') ?? 0),
    ptyMax: Number(config.get('lxc.pty.max') ?? 0),
    cgroupRoot: ctx.cgroupRoot,
    cgroupName: loc.cgroupName,
    haltSignal: haltSignal(config),
    runDir: loc.runDir,
    logFile: join(loc.dir, `${loc.name}.log`),
  };
}

export function haltSignal(config: ContainerConfig): number {
  const s = config.signal('halt');
  return s === undefined || s === 0 ? SIGPWR : s;
}

export function stopSignal(config: ContainerConfig): number {
  const s = config.signal('stop');
  return s === undefined || s === 0 ? SIGKILL : s;
}

function rootfsPath(config: ContainerConfig, loc: ContainerLocation): string {
  const r = config.rootfs();
  if (!r || !r.path) return join(loc.dir, 'rootfs');
  if (r.type && r.type !== 'dir') {
    throw new UnsupportedError(`rootfs backend "${r.type}" is not supported yet (only dir)`, { key: 'lxc.rootfs.path' });
  }
  if (!r.path.startsWith('/')) throw new ConfigInvalidError(`lxc.rootfs.path must be absolute: ${r.path}`);
  return r.path;
}

function environment(config: ContainerConfig, hostEnv: NodeJS.ProcessEnv): string[] {
  const out = new Map<string, string>([['container', 'lxc']]);
  for (const { name, value } of config.environment()) {
    const v = value ?? hostEnv[name];
    if (v !== undefined) out.set(name, v);
  }
  return [...out].map(([k, v]) => `${k}=${v}`);
}

/** `proc` alone means proc:mixed and `sys` alone sys:mixed, as in LXC; the last word for a family wins. */
export function mountAuto(words: string[]): { proc: ProcMode; sys: SysMode } {
  let proc: ProcMode = 'none';
  let sys: SysMode = 'none';
  for (const w of words) {
    const [family, mode] = w.split(':');
    if (family === 'proc') proc = mode === 'rw' ? 'rw' : 'mixed';
    if (family === 'sys') sys = mode === 'rw' ? 'rw' : mode === 'ro' ? 'ro' : 'mixed';
  }
  return { proc, sys };
}

/** Keys whose meaning this version cannot deliver: better a clear refusal than a container that is not what its config says. */
const UNSUPPORTED_PREFIXES = ['lxc.idmap'];

function refuseUnsupported(config: ContainerConfig): void {
  for (const prefix of UNSUPPORTED_PREFIXES) {
    if (config.getAll(prefix).length > 0) {
      throw new UnsupportedError(`${prefix} (unprivileged containers) is not supported by this runtime-executor yet`, { key: prefix });
    }
  }
}

