/**
 * Directories of a stack run by an ordinary user (rootless, docs/decisions/rootless.md):
 * LXC's unprivileged lxcpath and the XDG base directories instead of the FHS ones,
 * which only root may write. The home is the passwd entry's, as the CLI reads it.
 */
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { STACK_DEFAULTS } from './stack-defaults';
import type { StackDirs } from './stack-options';

export interface Invoker {
  uid: number;
  home: string;
  env: NodeJS.ProcessEnv;
}

export function currentInvoker(): Invoker {
  return { uid: process.getuid?.() ?? 0, home: userInfo().homedir, env: process.env };
}

/** XDG_*_HOME only when absolute, as the XDG spec says to ignore relative ones. */
function xdg(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name];
  return v && v.startsWith('/') ? v : fallback;
}

export function defaultDirs(who: Invoker = currentInvoker()): StackDirs {
  if (who.uid === 0) return { lxcpath: STACK_DEFAULTS.lxcpath, rundir: STACK_DEFAULTS.rundir, statedir: STACK_DEFAULTS.statedir, cachedir: STACK_DEFAULTS.cachedir };
  const cache = xdg(who.env, 'XDG_CACHE_HOME', join(who.home, '.cache'));
  return {
    // Where lxc-* as this user look (LXC's and the CLI's ~/.local/share/lxc), whatever XDG_DATA_HOME says.
    lxcpath: join(who.home, '.local/share/lxc'),
    rundir: join(xdg(who.env, 'XDG_RUNTIME_DIR', join(cache, 'run')), 'lxcbus'),
    statedir: join(xdg(who.env, 'XDG_STATE_HOME', join(who.home, '.local/state')), 'lxcbus'),
    cachedir: join(cache, 'lxcbus'),
  };
}
