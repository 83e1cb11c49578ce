/**
 * Unix users made by a test (useradd -m) and removed after it (userdel -r),
 * with names unique to the run so parallel runs and other suites never share
 * one. Root only: callers skip with a reason otherwise.
 */
import { spawnSync } from 'node:child_process';

export interface TestUser {
  name: string;
  uid: number;
  gid: number;
  home: string;
}

export function whyNoUsers(): string | null {
  if (process.getuid?.() !== 0) return 'needs root to create users (useradd)';
  if (spawnSync('useradd', ['--help']).error) return 'useradd is not installed';
  if (spawnSync('runuser', ['--help']).error) return 'runuser is not installed';
  return null;
}

/** `alice` -> `alice<pid>`: readable in logs, unique per run. */
export function uniqueName(base: string): string {
  return `${base}${process.pid}`;
}

export function createUser(name: string): TestUser {
  spawnSync('userdel', ['-r', name], { stdio: 'ignore' });
  const r = spawnSync('useradd', ['-m', '-s', '/bin/sh', name]);
  if (r.status !== 0) throw new Error(`useradd ${name}: ${r.stderr.toString()}`);
  const id = (flag: string) => Number(spawnSync('id', [flag, name]).stdout.toString().trim());
  const home = spawnSync('getent', ['passwd', name]).stdout.toString().split(':')[5];
  return { name, uid: id('-u'), gid: id('-g'), home };
}

export function removeUser(name: string): void {
  spawnSync('userdel', ['-r', name], { stdio: 'ignore' });
}
