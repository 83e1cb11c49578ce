/**
 * Parsed LXC config -> ContainerSpec, with LXC's defaults: init /sbin/init,
 * halt SIGPWR, hostname = name, `container=lxc` in init's environment.
 * lxc.idmap (already checked by the id-mapper, see idmap-guard.ts) makes a user
 * namespace: root's own maps go through newuidmap/newgidmap as in LXC; for any
 * other owner the root-run shim writes the maps itself, so that they need not be
 * delegated to root as well.
 */
import { join } from 'node:path';
import { ConfigInvalidError, UnsupportedError, type NetNic } from '@lxcbus/contracts';
import type { ContainerConfig } from '@lxcbus/lxc-config';
import { confineSpec } from './confine-builder';
import type { ContainerLocation } from './container-ref';
import { idmapsOf } from './idmap-guard';
import { rootfsOptions } from './rootfs-options';
import { startHooks } from './start-hooks';
import type { CgroupMountMode, ContainerSpec, ProcMode, SysMode } from './container-spec';
import { isRootless } from '../rootless/rootless-mode';

export const SIGPWR = 30;
export const SIGKILL = 9;

export interface SpecContext {
  loc: ContainerLocation;
  cgroupRoot: string;
  /** From the network-allocator's plan: false = share the host netns (lxc.net.0.type = none). */
  isolateNet: boolean;
  /** From the allocator: interfaces fully resolved, and whether lo comes up. */
  nics?: NetNic[];
  loopbackUp?: boolean;
  /** `lxc-start -- cmd`. */
  command?: string[];
  /** For `lxc.environment = NAME` (inherit). */
  hostEnv: NodeJS.ProcessEnv;
}

export function buildSpec(config: ContainerConfig, ctx: SpecContext): ContainerSpec {
  const { loc } = ctx;
  const rootfsOverlay = overlayOf(config, loc);
  const opts = rootfsOptions(config.get('lxc.rootfs.options'), { userns: idmapsOf(config).length > 0, overlay: !!rootfsOverlay });
  return {
    name: loc.name,
    lxcpath: loc.lxcpath,
    rootfs: rootfsPath(config, loc),
    rootfsOverlay,
    rootfsOptions: opts.options,
    rootfsIdmap: opts.idmap || undefined,
    ...startHooks(config, loc.owner === 'root' || isRootless() ? undefined : loc.owner),
    hostname: config.utsName() ?? loc.name,
    init: ctx.command && ctx.command.length > 0 ? ctx.command : config.initCmd() ?? ['/sbin/init'],
    env: environment(config, ctx.hostEnv),
    cwd: config.get('lxc.init.cwd') || '/',
    uid: Number(config.get('lxc.init.uid') ?? 0),
    gid: Number(config.get('lxc.init.gid') ?? 0),
    shareHostNet: !ctx.isolateNet,
    nics: (ctx.nics ?? []).map(({ index: _index, ...nic }) => nic),
    loopbackUp: ctx.loopbackUp ?? false,
    mountAuto: mountAuto(config.mountAuto()),
    confine: confineSpec(config),
    mountEntries: config.mountEntries(),
    autodev: config.get('lxc.autodev') !== '0',
    ttyMax: Number(config.get('lxc.tty.max') ?? 0),
    ptyMax: Number(config.get('lxc.pty.max') ?? 0),
    cgroupRoot: ctx.cgroupRoot,
    cgroupName: loc.cgroupName,
    idmaps: idmapsOf(config),
    // Rootless: the shim is the owner's own and maps through newuidmap/newgidmap, as LXC.
    idmapWriter: loc.owner === 'root' || isRootless() ? 'auto' : 'direct',
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
  if (r.type === 'overlay' || r.type === 'overlayfs') return join(loc.dir, 'rootfs');
  if (r.type && r.type !== 'dir') {
    throw new UnsupportedError(`rootfs backend "${r.type}" is not supported yet (only dir)`, { key: 'lxc.rootfs.path' });
  }
  if (!r.path.startsWith('/')) throw new ConfigInvalidError(`lxc.rootfs.path must be absolute: ${r.path}`);
  return r.path;
}

/**
 * `overlay:<lower>:<upper>` (LXC's form for overlay snapshot clones): the shim
 * mounts an overlayfs on <container>/rootfs with workdir <container>/overlay/work.
 */
export function overlayOf(config: ContainerConfig, loc: ContainerLocation): ContainerSpec['rootfsOverlay'] {
  const r = config.rootfs();
  if (!r || (r.type !== 'overlay' && r.type !== 'overlayfs')) return undefined;
  const parts = r.path.split(':');
  if (parts.length !== 2 || !parts.every((p) => p.startsWith('/'))) {
    throw new ConfigInvalidError(`lxc.rootfs.path = overlay:<lower>:<upper> with absolute paths expected: ${r.path}`);
  }
  return { lower: parts[0], upper: parts[1], work: join(loc.dir, 'overlay', 'work') };
}

function environment(config: ContainerConfig, hostEnv: NodeJS.ProcessEnv): string[] {
  const out = new Map<string, string>([['container', 'lxc']]);
  for (const { name, value } of config.environment()) {
    const v = value ?? hostEnv[name];
    if (v !== undefined) out.set(name, v);
  }
  return [...out].map(([k, v]) => `${k}=${v}`);
}

/**
 * `proc` alone means proc:mixed and `sys` alone sys:mixed, as in LXC; the last word for a family wins.
 * `cgroup`/`cgroup-full` mount nothing in the container's cgroup namespace unless `:force`; forced, the
 * hierarchies are read-only with `:ro` and writable otherwise (measured under LXC 5.0.2: `mixed` and no
 * mode give rw hierarchies there). Only a forced one appears in the result.
 */
export function mountAuto(values: string[]): { proc: ProcMode; sys: SysMode; cgroup?: CgroupMountMode } {
  let proc: ProcMode = 'none';
  let sys: SysMode = 'none';
  let cgroup: CgroupMountMode = 'none';
  for (const w of values.flatMap((v) => v.split(/\s+/)).filter(Boolean)) {
    const [family, ...modes] = w.split(':');
    const mode = modes[0];
    if (family === 'proc') proc = mode === 'rw' ? 'rw' : 'mixed';
    if (family === 'sys') sys = mode === 'rw' ? 'rw' : mode === 'ro' ? 'ro' : 'mixed';
    if (family === 'cgroup' || family === 'cgroup-full') cgroup = !modes.includes('force') ? 'none' : modes.includes('ro') ? 'ro' : 'rw';
  }
  return { proc, sys, ...(cgroup !== 'none' ? { cgroup } : {}) };
}
