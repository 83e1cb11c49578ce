/**
 * Where LXC looks for things before a container exists: the system config
 * (`lxc.conf`), the default container config it copies into every new
 * container, and the lxcpath. Root uses /etc and /var/lib, everyone else
 * `$HOME` (used literally, no XDG variables). `lxc.conf` is read with LXC's
 * own simpler rules (see readGlobalConfigValue).
 */
import * as path from 'node:path';
import { ConfigFs, nodeConfigFs } from './config-fs';
import { ContainerConfig, parseConfig } from './container-config';

export interface UserContext {
  uid: number;
  home: string;
  fs?: ConfigFs;
  /** Prefix for the system paths (/etc, /var/lib) in tests; default ''. */
  root?: string;
}

/** Keys `lxc-config -l` lists, with LXC 5.0's built-in values (undefined: "is not set"). */
export const GLOBAL_CONFIG_DEFAULTS: Readonly<Record<string, string | undefined>> = {
  'lxc.default_config': undefined,
  'lxc.lxcpath': undefined,
  'lxc.bdev.lvm.vg': 'lxc',
  'lxc.bdev.lvm.thin_pool': 'lxc',
  'lxc.bdev.zfs.root': 'lxc',
  'lxc.cgroup.use': undefined,
  'lxc.cgroup.pattern': undefined,
};

const sys = (ctx: UserContext, p: string) => (ctx.root ?? '') + p;

export function systemConfigPath(ctx: UserContext): string {
  return ctx.uid === 0 ? sys(ctx, '/etc/lxc/lxc.conf') : path.posix.join(ctx.home, '.config/lxc/lxc.conf');
}

/**
 * A value from lxc.conf as LXC's `lxc_global_config_value` reads it: the
 * first non-comment line whose key (after leading blanks) matches, value
 * after `=` with leading blanks skipped; trailing blanks and quotes are kept,
 * empty values skipped, unknown keys ignored, trailing slashes of
 * `lxc.lxcpath` removed.
 */
export function readGlobalConfigValue(key: string, ctx: UserContext): string | undefined {
  const text = (ctx.fs ?? nodeConfigFs).readFile(systemConfigPath(ctx));
  if (text === undefined) return undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^[ \t]*([^ \t=]+)[ \t]*=[ \t]*(.*)$/.exec(line);
    if (!m || m[1] !== key || m[2] === '') continue;
    return key === 'lxc.lxcpath' ? m[2].replace(/(.)\/+$/, '$1') : m[2];
  }
  return undefined;
}

/** `lxc-config KEY`: lxc.conf value, else LXC's built-in default for the user. */
export function globalConfigValue(key: string, ctx: UserContext): string | undefined {
  const set = readGlobalConfigValue(key, ctx);
  if (set !== undefined) return set;
  if (key === 'lxc.lxcpath') return ctx.uid === 0 ? sys(ctx, '/var/lib/lxc') : path.posix.join(ctx.home, '.local/share/lxc');
  if (key === 'lxc.default_config') {
    return ctx.uid === 0 ? sys(ctx, '/etc/lxc/default.conf') : path.posix.join(ctx.home, '.config/lxc/default.conf');
  }
  return GLOBAL_CONFIG_DEFAULTS[key];
}

export function lxcPath(ctx: UserContext): string {
  return globalConfigValue('lxc.lxcpath', ctx) as string;
}

export function defaultConfigPath(ctx: UserContext): string {
  return globalConfigValue('lxc.default_config', ctx) as string;
}

export interface DefaultConfig {
  path: string;
  /** False when the file could not be read; LXC logs that and goes on with an empty config. */
  found: boolean;
  config: ContainerConfig;
}

/** The default container config; a missing file gives an empty config, as lxc-create does. */
export function loadDefaultConfig(ctx: UserContext): DefaultConfig {
  const fs = ctx.fs ?? nodeConfigFs;
  const file = defaultConfigPath(ctx);
  const text = fs.readFile(file);
  return { path: file, found: text !== undefined, config: parseConfig(text ?? '', { file, fs }) };
}
