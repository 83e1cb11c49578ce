/**
 * Acting as an ordinary test user: run a bin/lxc-* tool as that user (their own
 * credentials and HOME, nothing of root's environment), read their subordinate
 * range, write their ~/.config/lxc/default.conf.
 */
import { spawnSync } from 'node:child_process';
import { chownSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestUser } from '../../support/test-users';
import { BIN, type RunResult } from './stack-harness';

export function runAs(user: TestUser, tool: string, args: string[]): RunResult {
  const r = spawnSync('runuser', ['-u', user.name, '--', 'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', `HOME=${user.home}`,
    process.execPath, join(BIN, tool), ...args], { cwd: '/', timeout: 120_000, encoding: 'utf8' });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** The user's first range in a subid file (useradd gave them one). */
export function rangeOf(file: string, user: string): { start: number; count: number } {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`${user} has no range in ${file}`);
  const [, start, count] = line.split(':');
  return { start: Number(start), count: Number(count) };
}

export function writeUserConfig(user: TestUser, lines: string[]): void {
  const dir = join(user.home, '.config/lxc');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'default.conf'), lines.map((l) => `${l}\n`).join(''));
  for (const p of [join(user.home, '.config'), dir, join(dir, 'default.conf')]) chownSync(p, user.uid, user.gid);
}
