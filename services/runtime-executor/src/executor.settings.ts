/** runtime-executor settings: every default in one object, the environment overrides, validated at boot. */
import { isAbsolute, join } from 'node:path';
import { isRootless, NO_CGROUP } from './rootless/rootless-mode';

export interface ExecutorSettings {
  /** Root's lxcpath (LXCBUS_LXCPATH). */
  lxcpath: string;
  /** Run dirs of the shims (LXCBUS_RUNDIR): <runRoot>/containers/<owner>/<lxcpath id>-<name>/. */
  runRoot: string;
  /** Mount point of the cgroup hierarchies (LXCBUS_CGROUP_ROOT). */
  cgroupRoot: string;
  /** Root's default container config (LXCBUS_DEFAULT_CONFIG), default /etc/lxc/default.conf as in LXC. */
  defaultConfig?: string;
  /** Where LXC_TEMPLATE_CONFIG points: the include files real images name. */
  templateConfigDir: string;
}

export const EXECUTOR_DEFAULTS: Readonly<ExecutorSettings> = {
  lxcpath: '/var/lib/lxc',
  runRoot: '/run/lxcbus',
  cgroupRoot: '/sys/fs/cgroup',
  templateConfigDir: '/usr/share/lxc/config',
};

export function executorSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): ExecutorSettings {
  const s: ExecutorSettings = {
    lxcpath: env.LXCBUS_LXCPATH || EXECUTOR_DEFAULTS.lxcpath,
    runRoot: env.LXCBUS_RUNDIR || EXECUTOR_DEFAULTS.runRoot,
    cgroupRoot: env.LXCBUS_CGROUP_ROOT || EXECUTOR_DEFAULTS.cgroupRoot,
    defaultConfig: env.LXCBUS_DEFAULT_CONFIG || undefined,
    templateConfigDir: env.LXCBUS_TEMPLATE_CONFIG || EXECUTOR_DEFAULTS.templateConfigDir,
  };
  for (const [k, v] of Object.entries(s)) {
    if (typeof v === 'string' && !isAbsolute(v)) throw new Error(`runtime-executor: ${k} must be an absolute path, got ${v}`);
  }
  // Rootless: every hierarchy here is root's and nothing delegates one (docs/decisions/rootless.md).
  if (isRootless()) s.cgroupRoot = NO_CGROUP;
  return s;
}

export const EXECUTOR_SETTINGS = Symbol('EXECUTOR_SETTINGS');

export function containersRunRoot(s: ExecutorSettings): string {
  return join(s.runRoot, 'containers');
}
