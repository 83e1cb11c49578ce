/**
 * lxc-copy's clone hooks and lxc-destroy's destroy hooks, run by `lxcbus-shim hooks`
 * (native/src/core/hooks-main.c) with the same runner as a start's hooks: the same
 * `/bin/sh -c "<hook> <name> lxc <type> [args]"` (hook.version 0) or LXC_HOOK_TYPE (1), the
 * caller's LXC_* environment only, optionally as another user and, for an overlay clone, with the
 * clone's layers mounted in a mount namespace of the hooks' own.
 */
import { execFile } from 'node:child_process';
import { defaultShimPath } from './addon';
import { NativeError } from './errors';

export interface HookRun {
  type: 'clone' | 'destroy';
  name: string;
  hooks: string[];
  version?: 0 | 1;
  env: Record<string, string>;
  args?: string[];
  /** Root acting for another owner: the hooks run as her. */
  user?: { uid: number; gid: number };
  overlay?: { lower: string; upper: string; work: string; target: string };
}

export function hooksArgv(r: HookRun): string[] {
  const o = r.overlay;
  return [
    'hooks', '--type', r.type, '--name', r.name,
    ...(r.version === 1 ? ['--version', '1'] : []),
    ...(r.user ? ['--uid', String(r.user.uid), '--gid', String(r.user.gid)] : []),
    ...Object.entries(r.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    ...(r.args ?? []).flatMap((a) => ['--arg', a]),
    ...(o ? ['--overlay', [o.lower, o.upper, o.work, o.target].join(':')] : []),
    '--', ...r.hooks,
  ];
}

/** Resolves when every hook exited 0; otherwise rejects with the first failure (`status` = its exit status). */
export function runHooks(r: HookRun, shim = defaultShimPath()): Promise<void> {
  if (r.hooks.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    execFile(shim, hooksArgv(r), { cwd: '/' }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const message = stderr.trim() || err.message;
      const status = /failed with status (\d+)/.exec(message);
      const e = new NativeError(message, { code: 'HOOK_FAILED', op: `run ${r.type} hooks` });
      reject(Object.assign(e, { status: status ? Number(status[1]) : undefined }));
    });
  });
}
