/**
 * Side by side with real LXC: the same busybox container, the same config lines and the
 * same static probe (test/probe), once under lxcbus (through its drop-in CLI) and once
 * under the installed lxc-* tools in a private lxcpath. Net type empty on both sides.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO, type RunResult, type Stack } from './stack-harness';

export const PROBE = join(REPO, 'test/probe/build/lxcbus-probe');

/** An installed lxc-* tool (by its full path, so never lxcbus's drop-in), output as text. */
export function realLxcRun(tool: string, args: string[], timeoutMs = 120_000): RunResult {
  const r = spawnSync(`/usr/bin/${tool}`, args, { encoding: 'utf8', timeout: timeoutMs });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Builds the probe if needed; returns why it cannot be, or null. */
export function probeSkipReason(): string | null {
  if (!existsSync(PROBE)) spawnSync('make', ['-C', join(REPO, 'test/probe')], { stdio: 'ignore' });
  return existsSync(PROBE) ? null : 'cannot build test/probe (needs a static libc)';
}

export function realLxcSkipReason(): string | null {
  if (spawnSync('lxc-start', ['--version']).status !== 0) return 'real LXC is not installed';
  if (!existsSync('/usr/share/lxc/templates/lxc-busybox')) return 'the LXC busybox template is missing';
  return null;
}

/** /probe and a setuid-root /probe-suid in a rootfs. */
export function installProbe(rootfs: string): void {
  copyFileSync(PROBE, join(rootfs, 'probe'));
  chmodSync(join(rootfs, 'probe'), 0o755);
  copyFileSync(PROBE, join(rootfs, 'probe-suid'));
  chmodSync(join(rootfs, 'probe-suid'), 0o4755);
}

export interface Side {
  name: string;
  lxcpath: string;
  run(tool: string, args: string[], timeoutMs?: number): RunResult;
  /** lxc-attach -n <name> -- argv */
  attach(argv: string[]): RunResult;
  probe(args?: string[]): Record<string, any>;
}

export function lxcbusSide(stack: Stack, name: string): Side {
  const run = (tool: string, args: string[], timeoutMs?: number) => stack.lxc(tool, args, { timeoutMs });
  const attach = (cmd: string[]): RunResult => {
    const argv = ['-n', name, '--', ...cmd];
    const r = run('lxc-attach', argv);
    // Known flake of lxc-attach over NATS (about 1 call in 30 here): rc 1, output lost, while
    // the shim's exec itself is clean (300/300). Retried once, loudly, so these files test
    // confinement; the flake is reported to the attach owner, not hidden.
    if (r.code !== 1 || r.stdout.trim() || r.stderr) return r;
    console.warn(`lxc-attach ${argv.join(' ')}: rc 1 with no output (known attach flake); retrying once`);
    return run('lxc-attach', argv);
  };
  return { name, lxcpath: stack.lxcpath, run, attach, probe: (args = []) => parseProbe(attach(['/probe', ...args])) };
}

/** A real-LXC lxcpath of its own, removed by cleanup(). */
export class RealLxc {
  readonly lxcpath = mkdtempSync(join(tmpdir(), 'lxcbus-real-'));
  private readonly names: string[] = [];

  side(name: string): Side {
    const run = (tool: string, args: string[], timeoutMs = 60_000): RunResult => {
      const r = spawnSync(tool, ['-P', this.lxcpath, ...args], { timeout: timeoutMs });
      return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
    };
    const attach = (cmd: string[]) => run('lxc-attach', ['-n', name, '--', ...cmd]);
    return { name, lxcpath: this.lxcpath, run, attach, probe: (args = []) => parseProbe(attach(['/probe', ...args])) };
  }

  create(name: string, extraConfig: string[]): Side {
    const conf = join(this.lxcpath, `${name}.conf`);
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    execFileSync('lxc-create', ['-P', this.lxcpath, '-n', name, '-t', 'busybox', '-f', conf], { stdio: 'ignore' });
    this.names.push(name);
    appendFileSync(join(this.lxcpath, name, 'config'), extraConfig.map((l) => `${l}\n`).join(''));
    installProbe(join(this.lxcpath, name, 'rootfs'));
    return this.side(name);
  }

  cleanup(): void {
    for (const n of this.names) {
      spawnSync('lxc-stop', ['-P', this.lxcpath, '-n', n, '-k']);
      spawnSync('lxc-destroy', ['-P', this.lxcpath, '-n', n, '-f']);
    }
    rmSync(this.lxcpath, { recursive: true, force: true });
  }
}

/** lxc-create -t busybox under lxcbus, then the extra config lines and the probe. */
export function createLxcbus(stack: Stack, name: string, extraConfig: string[]): Side {
  const r = stack.lxc('lxc-create', ['-n', name, '-t', 'busybox'], { timeoutMs: 120_000 });
  if (r.code !== 0) throw new Error(`lxc-create ${name}: ${r.stderr}`);
  appendFileSync(join(stack.lxcpath, name, 'config'), extraConfig.map((l) => `${l}\n`).join(''));
  installProbe(join(stack.lxcpath, name, 'rootfs'));
  return lxcbusSide(stack, name);
}

export function parseProbe(r: RunResult): Record<string, any> {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`probe output is not JSON (rc ${r.code}): ${r.stdout}\n${r.stderr}`);
  }
}

/** What confinement decides, without what legitimately differs (pids, hostnames, mounts' devices). */
export function confinementView(p: Record<string, any>): Record<string, unknown> {
  return { CapBnd: p.CapBnd, CapEff: p.CapEff, Seccomp: p.Seccomp, NoNewPrivs: p.NoNewPrivs, syscalls: p.syscalls, writable: p.writable };
}
