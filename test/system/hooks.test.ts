/**
 * lxc.hook.* side by side with real LXC 5.0.2: the same busybox container config with the
 * same logging hook for every start and stop hook, on both. Compared: which hooks run, in
 * which order, with which arguments and LXC_* environment (container name, lxcpath, pids,
 * fd numbers and LXC_ROOTFS_MOUNT masked: they differ by nature), and what a failing hook does
 * (lxc-start's exit code and messages, the stop hooks still running, lxc-stop's exit code).
 * Clone, destroy and lxc-snapshot hooks: hooks-clone.test.ts.
 */
import { appendFileSync, chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { hookRecords, writeLoggingHook } from './support/hook-log';
import { createLxcbus, lxcbusSide, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const TYPES = ['pre-start', 'pre-mount', 'mount', 'autodev', 'start', 'start-host', 'stop', 'post-stop'];

describeSystem('lxc.hook.*: side by side with LXC 5.0.2', () => {
  const reason = probeSkipReason() ?? realLxcSkipReason();
  if (reason) console.warn(`hooks: side-by-side skipped: ${reason}`);
  const itBoth = reason ? it.skip : it;

  let stack: Stack;
  let confDir: string;
  let hookDir: string;
  let real: RealLxc;
  const tag = `${process.pid % 10000}`;
  const sides: Side[] = [];

  const records = (s: Side): string[] => hookRecords(hookDir, s.name, [[s.lxcpath, 'LP'], [s.name, 'NAME']]).map((l) => l
    .replace(/\/proc\/\d+\/fd\/\d+/g, '/proc/P/fd/F').replace(/LXC_PID=\d+/, 'LXC_PID=P')
    .replace(/LXC_ROOTFS_MOUNT=\S+/, 'LXC_ROOTFS_MOUNT=M'));
  const reset = () => sides.forEach((s) => rmSync(join(hookDir, `log-${s.name}`), { force: true }));
  const both = (tool: string, args: string[] = []) => sides.map((s) => s.run(tool, ['-n', s.name, ...args]));
  const masked = (s: Side, text: string) => text.split(s.name).join('NAME');

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-conf-'));
    hookDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-'));
    writeLoggingHook(hookDir);
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    real = new RealLxc();
    if (reason) return;
    // The start hook runs inside the container: the hook's directory is bound at the same path.
    const config = [
      `lxc.mount.entry = ${hookDir} ${hookDir.slice(1)} none bind,create=dir 0 0`,
      ...TYPES.map((t) => `lxc.hook.${t} = ${hookDir}/hook.sh`),
    ];
    sides.push(createLxcbus(stack, `hk${tag}`, config), real.create(`hkr${tag}`, config));
  });

  afterAll(async () => {
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
    rmSync(hookDir, { recursive: true, force: true });
  });

  itBoth('the same hooks run in the same order with the same arguments and environment', () => {
    reset();
    expect(both('lxc-start').map((r) => r.code)).toEqual([0, 0]);
    expect(both('lxc-stop', ['-k']).map((r) => r.code)).toEqual([0, 0]);
    const [ours, theirs] = sides.map(records);
    expect(theirs.map((l) => l.split('|')[0])).toEqual(TYPES);
    expect(theirs.map((l) => l.split('|')[2])).toEqual(['0 host host', '0 host own', '0 host own', '0 host own', '0 host own', '0 host host', '0 host host', '0 host host']);
    expect(ours).toEqual(theirs);
  });

  itBoth('lxc.hook.version = 1: no arguments, LXC_HOOK_TYPE and LXC_HOOK_SECTION, on both', () => {
    reset();
    const configs = sides.map((s) => join(s.lxcpath, s.name, 'config'));
    const saved = configs.map((f) => readFileSync(f, 'utf8'));
    try {
      configs.forEach((f) => appendFileSync(f, 'lxc.hook.version = 1\n'));
      expect(both('lxc-start').map((r) => r.code)).toEqual([0, 0]);
      expect(both('lxc-stop', ['-k']).map((r) => r.code)).toEqual([0, 0]);
      const [ours, theirs] = sides.map(records);
      expect(theirs.map((l) => l.split('|').slice(0, 2).join('|'))).toEqual(TYPES.map((t) => `${t}|`));
      expect(theirs.every((l) => l.includes('LXC_HOOK_SECTION=lxc') && l.includes('LXC_HOOK_VERSION=1'))).toBe(true);
      expect(ours).toEqual(theirs);
    } finally {
      configs.forEach((f, i) => writeFileSync(f, saved[i]));
    }
  });

  // lxcbus says why first (its one line for every failed start), then LXC's lines byte for byte.
  itBoth.each([
    ['mount', ['pre-start', 'pre-mount', 'mount', 'stop', 'post-stop']],
    ['start', ['pre-start', 'pre-mount', 'mount', 'autodev', 'start', 'stop', 'post-stop']],
    ['pre-start', ['pre-start', 'stop', 'post-stop']],
  ])('a failing %s hook fails lxc-start the same way; stop and post-stop still run', (type, ran) => {
    reset();
    writeFileSync(join(hookDir, `fail-${type}`), '');
    try {
      const [ours, theirs] = both('lxc-start');
      const [why, ...rest] = masked(sides[0], ours.stderr).split('\n');
      expect(why).toMatch(new RegExp(`^lxc-start: NAME: The container failed to start: .*run ${type} hooks: ${type} hook .* failed with status 1`));
      expect({ code: ours.code, stderr: rest.join('\n') }).toEqual({ code: 1, stderr: masked(sides[1], theirs.stderr) });
      expect(both('lxc-info', ['-s', '-H']).map((r) => r.stdout.trim())).toEqual(['STOPPED', 'STOPPED']);
      const [a, b] = sides.map(records);
      expect(b.map((l) => l.split('|')[0])).toEqual(ran);
      expect(a).toEqual(b);
    } finally {
      rmSync(join(hookDir, `fail-${type}`));
    }
  });

  itBoth('a failing post-stop hook does not fail lxc-stop', () => {
    reset();
    expect(both('lxc-start').map((r) => r.code)).toEqual([0, 0]);
    writeFileSync(join(hookDir, 'fail-post-stop'), '');
    try {
      const r = both('lxc-stop', ['-k']);
      expect(r.map((x) => x.code)).toEqual([0, 0]);
      expect(r[0].stderr).toBe(r[1].stderr);
      expect(both('lxc-info', ['-s', '-H']).map((x) => x.stdout.trim())).toEqual(['STOPPED', 'STOPPED']);
    } finally {
      rmSync(join(hookDir, 'fail-post-stop'));
    }
  });

  itBoth('a root-run unprivileged container: init-side hooks in its user namespace, stop gets user: first', () => {
    const added = ensureRootRange();
    try {
      const conf = join(confDir, 'unpriv-start.conf');
      writeFileSync(conf, ['lxc.net.0.type = empty', 'lxc.idmap = u 0 100000 65536', 'lxc.idmap = g 0 100000 65536'].map((l) => `${l}\n`).join(''));
      // The container's root (host 100000) runs the init-side hooks: it must reach the script and the logs.
      chmodSync(hookDir, 0o777);
      const us = [lxcbusSide(stack, `hs${tag}`), real.side(`hsr${tag}`)];
      chmodSync(dirname(stack.lxcpath), 0o755);
      expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', us[0].name, '-f', conf], { timeoutMs: 120_000 }).code).toBe(0);
      expect(spawnSync('lxc-create', ['-P', real.lxcpath, '-n', us[1].name, '-t', 'busybox', '-f', conf]).status).toBe(0);
      chmodSync(real.lxcpath, 0o755);
      for (const s of us) {
        appendFileSync(join(s.lxcpath, s.name, 'config'), [`lxc.mount.entry = ${hookDir} ${hookDir.slice(1)} none bind,create=dir 0 0`,
          ...TYPES.map((t) => `lxc.hook.${t} = ${hookDir}/hook.sh`)].map((l) => `${l}\n`).join(''));
        writeFileSync(join(hookDir, `log-${s.name}`), '', { mode: 0o666 });
        chmodSync(join(hookDir, `log-${s.name}`), 0o666);
      }
      expect(us.map((s) => s.run('lxc-start', ['-n', s.name]).code)).toEqual([0, 0]);
      expect(us.map((s) => s.run('lxc-stop', ['-n', s.name, '-k']).code)).toEqual([0, 0]);
      const [ours, theirs] = us.map(records);
      expect(theirs.map((l) => l.split('|')[0])).toEqual(TYPES);
      expect(theirs.find((l) => l.startsWith('stop|'))).toMatch(/lxc stop user:\/proc\/P\/fd\/F mnt:/);
      expect(theirs.map((l) => l.split('|')[2])).toEqual(['0 host host', '0 own own', '0 own own', '0 own own', '0 own own', '0 host host', '0 host host', '0 host host']);
      expect(ours).toEqual(theirs);
    } finally {
      dropRootRange(added);
    }
  });
});
