/**
 * The same busybox container under lxcbus and under real LXC (private lxcpath, net type
 * empty), for the reboot and stop tests: run a tool on both, watch lxc-monitor on both,
 * read init's pid and the kernel's start time of init (field 22 of /proc/1/stat, clock
 * ticks since the host booted: a rebooted container has a later one).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realLxcRun } from './lxc-side';
import { startStack, type RunResult, type Stack } from './stack-harness';

export { until } from './stack-harness';

export interface Both {
  ours: (tool: string, args: string[]) => RunResult & { ms: number };
  theirs: (tool: string, args: string[]) => RunResult & { ms: number };
  create: (name: string, extra?: string) => void;
  cleanup: () => void;
  real: string;
}

/** A default config with `lxc.net.0.type = empty`: busybox's rcS then does not sit in udhcpc, and both sides match. */
export function emptyNetDefault(): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'lxcbus-reboot-conf-'));
  const file = join(dir, 'default.conf');
  writeFileSync(file, 'lxc.net.0.type = empty\n');
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A stack (no auth) whose default config has net type empty, with real LXC beside it; stop() undoes all three. */
export async function startBothSides(): Promise<{ stack: Stack; both: Both; stop: () => Promise<void> }> {
  const conf = emptyNetDefault();
  let stack: Stack;
  try {
    stack = await startStack({ auth: false, defaultConfig: conf.file });
  } catch (e) {
    conf.remove();
    throw e;
  }
  const both = bothSides(stack);
  return { stack, both, stop: async () => { both.cleanup(); await stack.stop(); conf.remove(); } };
}

type Run = (tool: string, args: string[]) => RunResult;
export const stateOf = (run: Run, name: string) => run('lxc-info', ['-n', name, '-sH']).stdout.trim();
export const pidOf = (run: Run, name: string) => Number(run('lxc-info', ['-n', name, '-pH']).stdout.trim());

export function bothSides(stack: Stack): Both {
  const real = mkdtempSync(join(tmpdir(), 'lxcbus-reboot-real-'));
  writeFileSync(join(real, 'empty.conf'), 'lxc.net.0.type = empty\n');
  const names: string[] = [];
  const scrub = (r: RunResult, path: string) => ({ ...r, stdout: r.stdout.split(path).join('LXCPATH'), stderr: r.stderr.split(path).join('LXCPATH') });
  const timed = (work: () => RunResult) => {
    const t0 = Date.now();
    const r = work();
    return { ...r, ms: Date.now() - t0 };
  };
  const theirsRaw = (tool: string, args: string[]): RunResult => realLxcRun(tool, ['-P', real, ...args], 60_000);
  return {
    real,
    ours: (tool, args) => timed(() => scrub(stack.lxc(tool, args), stack.lxcpath)),
    theirs: (tool, args) => timed(() => scrub(theirsRaw(tool, args), real)),
    create(name, extra = '') {
      names.push(name);
      if (stack.lxc('lxc-create', ['-t', 'busybox', '-n', name]).code !== 0) throw new Error(`lxc-create ${name} failed (lxcbus)`);
      if (theirsRaw('lxc-create', ['-t', 'busybox', '-n', name, '-f', join(real, 'empty.conf')]).code !== 0) {
        throw new Error(`lxc-create ${name} failed (LXC)`);
      }
      appendFileSync(join(stack.lxcpath, name, 'config'), extra);
      appendFileSync(join(real, name, 'config'), extra);
    },
    cleanup() {
      for (const n of names) theirsRaw('lxc-destroy', ['-f', '-n', n]);
      rmSync(real, { recursive: true, force: true });
    },
  };
}

/** lxc-monitor output so far; stop() ends the monitor and returns its lines. */
export function watchMonitor(proc: ChildProcess): { lines: () => string[]; stop: () => string[] } {
  let out = '';
  proc.stdout?.on('data', (d: Buffer) => { out += d.toString(); });
  const lines = () => out.split('\n').filter(Boolean);
  return { lines, stop: () => { proc.kill('SIGTERM'); return lines(); } };
}

export function realMonitor(real: string, name: string): ChildProcess {
  return spawn('/usr/bin/lxc-monitor', ['-P', real, '-n', name], { stdio: ['ignore', 'pipe', 'ignore'] });
}

export function initStart(run: (tool: string, args: string[]) => RunResult, name: string): number {
  const stat = run('lxc-attach', ['-n', name, '--', 'cat', '/proc/1/stat']).stdout;
  // Fields after the `(comm)`; starttime is field 22 overall, 20 after comm.
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
}
