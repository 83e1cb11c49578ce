/**
 * lxc-top with real running containers, lxcbus and real LXC side by side (two busybox
 * containers each, same names, separate lxcpaths), on a pseudo-terminal as lxc-top needs:
 * batch mode prints LXC's CSV header and one line per container per refresh with plausible
 * figures; the screen has the same two header lines and a `TOTAL 2 of 2` row; without a
 * terminal both refuse the same way.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, REPO, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { createLxcbus, probeSkipReason, RealLxc, realLxcSkipReason } from './support/lxc-side';

jest.setTimeout(240_000);

const PTY = join(__dirname, 'support/pty-run.py');
const BATCH_HEADER = 'time_ms,container,cpu_nanos,cpu_sys_userhz,cpu_user_userhz,blkio_bytes,blkio_iops,mem_used_bytes,memsw_used_bytes,kernel_mem_used_bytes';

/** Runs lxc-top for `seconds` on a 40x200 terminal; SIGTERM ends it (as timeout(1) does). */
function onTty(cmd: string[], seconds: number, env?: NodeJS.ProcessEnv): string {
  const r = spawnSync('python3', [PTY, '40', '200', '--', 'timeout', '--foreground', String(seconds), ...cmd], {
    env: env ?? process.env, encoding: 'utf8', timeout: 60_000,
  });
  return r.stdout.replace(/\r/g, '');
}

const batchLines = (out: string) => out.split('\n').filter((l) => /^\d+,/.test(l)).map((l) => l.split(','));
const headerLines = (out: string) => out.split('\x1b[H\x1b[J')[1]?.split('\n').slice(0, 2) ?? [];

describeSystem('lxc-top', () => {
  const reason = probeSkipReason();
  const lxcReason = realLxcSkipReason();
  if (reason) console.warn(`top: skipped: ${reason}`);
  if (lxcReason) console.warn(`top: side-by-side with real LXC skipped: ${lxcReason}`);
  const itBoth = reason || lxcReason ? it.skip : it;

  const tag = `${process.pid % 100000}`;
  const names = [`ta${tag}`, `tb${tag}`];
  let stack: Stack;
  let confDir: string;
  let real: RealLxc;
  const ours = (args: string[]) => [process.execPath, join(REPO, 'bin/lxc-top'), ...args];
  const theirs = (args: string[]) => ['lxc-top', '-P', real.lxcpath, ...args];

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-top-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    real = new RealLxc();
    if (reason || lxcReason) return;
    for (const n of names) {
      const a = createLxcbus(stack, n, []);
      expect(a.run('lxc-start', ['-n', n])).toMatchObject({ code: 0 });
      const b = real.create(n, []);
      expect(b.run('lxc-start', ['-n', n])).toMatchObject({ code: 0 });
    }
  });

  afterAll(async () => {
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  itBoth('-b -d 1: the same CSV header, every running container each second, plausible figures', () => {
    const mine = onTty(ours(['-b', '-d', '1']), 3.5, stack.env);
    const real_ = onTty(theirs(['-b', '-d', '1']), 3.5);
    expect(mine.split('\n')[0]).toBe(BATCH_HEADER);
    expect(real_.split('\n')[0]).toBe(BATCH_HEADER);
    for (const out of [mine, real_]) {
      const lines = batchLines(out);
      expect(lines.length).toBeGreaterThanOrEqual(4); // two containers, at least two refreshes
      for (const l of lines) {
        expect(l).toHaveLength(10);
        expect(names).toContain(l[1]);
        expect(Math.abs(Number(l[0]) - Date.now())).toBeLessThan(60_000);
        expect(Number(l[2])).toBeGreaterThan(0); // cpu_nanos
        expect(Number(l[7])).toBeGreaterThan(64 * 1024); // mem_used_bytes: a busybox init and shell
        expect(Number(l[7])).toBeLessThan(256 * 1024 * 1024);
      }
      // Sorted by name within each refresh.
      expect(lines.slice(0, 2).map((l) => l[1])).toEqual(names);
    }
  });

  itBoth('the screen: the same header lines as LXC and a TOTAL row', () => {
    const mine = onTty(ours(['-d', '1']), 2.5, stack.env);
    const real_ = onTty(theirs(['-d', '1']), 2.5);
    expect(headerLines(mine)).toEqual(headerLines(real_));
    expect(headerLines(mine)[0]).toContain('Container');
    for (const out of [mine, real_]) {
      expect(out).toContain('TOTAL 2 of 2');
      for (const n of names) expect(out).toMatch(new RegExp(`\\n(\\x1b\\[0m)?${n} +\\d+\\.\\d\\d +\\d+\\.\\d\\d +\\d+\\.\\d\\d `));
    }
  });

  itBoth('q at the screen quits with rc 0, as LXC', () => {
    const typed = (cmd: string[], env?: NodeJS.ProcessEnv) =>
      spawnSync('python3', [PTY, '40', '200', 'q', '--', ...cmd], { env: env ?? process.env, encoding: 'utf8', timeout: 60_000 }).stdout;
    const mine = typed(ours(['-d', '30']), stack.env);
    const real_ = typed(theirs(['-d', '30']));
    for (const out of [mine, real_]) {
      expect(out).toContain('TOTAL 2 of 2');
      expect(out).toMatch(/EXIT 0\n$/);
    }
  });

  itBoth('--help and --usage: the same text as LXC', () => {
    for (const flag of ['--help', '--usage']) {
      const mine = stack.lxc('lxc-top', [flag]);
      const real_ = spawnSync('lxc-top', [flag], { encoding: 'utf8' });
      expect({ code: mine.code, out: mine.stdout + mine.stderr }).toEqual({ code: real_.status, out: real_.stdout + real_.stderr });
    }
  });

  itBoth('without a terminal: refused as LXC refuses', () => {
    const mine = stack.lxc('lxc-top', ['-b']);
    const real_ = spawnSync('lxc-top', ['-P', real.lxcpath, '-b'], { input: '', encoding: 'utf8' });
    expect({ code: mine.code, stderr: mine.stderr }).toEqual({ code: real_.status, stderr: real_.stderr });
  });
});
