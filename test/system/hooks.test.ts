/**
 * lxc.hook.* side by side with real LXC 5.0.2: the same busybox container config with the
 * same logging hook for every start and stop hook, on both. Compared: which hooks run, in
 * which order, with which arguments and LXC_* environment (container name, lxcpath, pids,
 * fd numbers and LXC_ROOTFS_MOUNT masked: they differ by nature), and what a failing hook does
 * (lxc-start's exit code and messages, the stop hooks still running, lxc-stop's exit code).
 */
import { appendFileSync, chmodSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { createLxcbus, lxcbusSide, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

const TYPES = ['pre-start', 'pre-mount', 'mount', 'autodev', 'start', 'start-host', 'stop', 'post-stop'];

/**
 * `<type>|<argv>|<uid> <user ns> <mount ns>|<LXC_* environment>` per call, into <dir>/log-<name>
 * (namespaces as `host` or `own`); fails when <dir>/fail-<type> exists.
 */
const ns = (n: string) => readlinkSync(`/proc/self/ns/${n}`);
const HOOK = `#!/bin/sh
d=$(dirname "$0")
t=\${LXC_HOOK_TYPE:-$3}
where() { [ "$(readlink /proc/self/ns/$1)" = "$2" ] && echo host || echo own; }
echo "$t|$*|$(id -u) $(where user '${ns('user')}') $(where mnt '${ns('mnt')}')|$(env | grep ^LXC_ | sort | tr '\\n' ' ')" >> "$d/log-$LXC_NAME"
# A clone hook edits the clone's rootfs where LXC mounts it (an overlay clone: its upper layer).
[ "$t" != clone ] || touch "$LXC_ROOTFS_MOUNT/etc/hooked"
[ ! -e "$d/fail-$t" ]
`;

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

  const records = (s: Side): string[] => {
    const file = join(hookDir, `log-${s.name}`);
    if (!existsSync(file)) return [];
    return readFileSync(file, 'utf8').trim().split('\n').map((l) => l
      .split(s.lxcpath).join('LP').split(s.name).join('NAME')
      .replace(/\/proc\/\d+\/fd\/\d+/g, '/proc/P/fd/F').replace(/LXC_PID=\d+/, 'LXC_PID=P')
      .replace(/LXC_ROOTFS_MOUNT=\S+/, 'LXC_ROOTFS_MOUNT=M').trimEnd());
  };
  const reset = () => sides.forEach((s) => rmSync(join(hookDir, `log-${s.name}`), { force: true }));
  const both = (tool: string, args: string[] = []) => sides.map((s) => s.run(tool, ['-n', s.name, ...args]));
  const masked = (s: Side, text: string) => text.split(s.name).join('NAME');

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-conf-'));
    hookDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-'));
    writeFileSync(join(hookDir, 'hook.sh'), HOOK, { mode: 0o755 });
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

  describe('clone (lxc-copy, -s) and destroy (lxc-destroy) hooks', () => {
    const srcs: Side[] = [];
    // LXC_ROOTFS_MOUNT is masked where LXC uses its own mount point (overlay clones, destroy).
    const cloneRecords = (s: Side, name: string, maskMount = true) => {
      const file = join(hookDir, `log-${name}`);
      return existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => l
        .split(s.lxcpath).join('LP').split(name).join('NAME').split(s.name).join('SRC')
        .replace(/LXC_ROOTFS_MOUNT=\S+/, (m) => (maskMount ? 'LXC_ROOTFS_MOUNT=M' : m)).trimEnd()) : [];
    };

    beforeAll(() => {
      if (reason) return;
      const hooks = ['clone', 'destroy'].map((t) => `lxc.hook.${t} = ${hookDir}/hook.sh`);
      srcs.push(createLxcbus(stack, `hc${tag}`, hooks), real.create(`hcr${tag}`, hooks));
    });

    itBoth.each([
      ['a copy', [], 'rootfs', 'LXC_ROOTFS_MOUNT=LP/NAME/rootfs'],
      ['a snapshot clone (-s)', ['-s'], 'overlay/delta', 'LXC_ROOTFS_MOUNT=M'],
    ])('%s: the clone hook gets the same arguments and environment and edits the clone; destroy gets its own', (_what, flags, layer, mount) => {
      const names = srcs.map((s) => `${s.name}${flags.length ? 's' : 'c'}`);
      const copies = srcs.map((s, i) => s.run('lxc-copy', ['-n', s.name, '-N', names[i], ...flags, '--', 'a1', 'b 2']));
      expect(copies.map((r) => [r.code, r.stderr])).toEqual([[0, ''], [0, '']]);
      const [ours, theirs] = srcs.map((s, i) => cloneRecords(s, names[i], flags.length > 0).slice(0, 1));
      expect(theirs).toHaveLength(1);
      expect(theirs[0]).toMatch(/^clone\|NAME lxc clone a1 b 2\|/);
      expect(ours).toEqual(theirs);
      // LXC mounts an overlay clone's rootfs elsewhere; lxcbus on the clone's rootfs: only that differs.
      expect(ours[0]).toContain(flags.length ? 'LXC_ROOTFS_PATH=overlay:' : `${mount} LXC_ROOTFS_PATH=dir:LP/NAME/rootfs`);
      srcs.forEach((s, i) => expect(existsSync(join(s.lxcpath, names[i], layer, 'etc/hooked'))).toBe(true));
      expect(srcs.map((s, i) => s.run('lxc-destroy', ['-n', names[i]]).code)).toEqual([0, 0]);
      const [a, b] = srcs.map((s, i) => cloneRecords(s, names[i]).slice(1));
      expect(b).toHaveLength(1);
      expect(b[0]).toMatch(/^destroy\|NAME lxc destroy\|0 host host\|LXC_CONFIG_FILE=LP\/NAME\/config LXC_NAME=NAME LXC_ROOTFS_MOUNT=M LXC_ROOTFS_PATH=/);
      expect(a).toEqual(b);
    });

    itBoth('lxc-snapshot: create and restore run the clone hooks, -d the destroy hooks, as LXC does', () => {
      const seen = srcs.map((s) => {
        const one = (args: string[], logName: string, maskMount = false) => {
          rmSync(join(hookDir, `log-${logName}`), { force: true });
          expect(s.run('lxc-snapshot', ['-n', s.name, ...args]).code).toBe(0);
          return cloneRecords(s, logName, maskMount);
        };
        return [one([], 'snap0'), one(['-r', 'snap0', '-N', `${s.name}r`], `${s.name}r`), one(['-d', 'snap0'], 'snap0', true)];
      });
      expect(seen[1][0][0]).toMatch(/^clone\|NAME lxc clone\|0 host own\|LXC_CONFIG_FILE=LP\/SRC\/snaps\/NAME\/config LXC_NAME=NAME .*LXC_SRC_NAME=SRC$/);
      expect(seen[1][1][0]).toMatch(/^clone\|NAME lxc clone\|.* LXC_SRC_NAME=snap0$/);
      expect(seen[1][2].map((l) => l.split('|')[0])).toEqual(['destroy']);
      expect(seen[0]).toEqual(seen[1]);
    });

    // Measured: LXC run by root does not enter the container's user namespace for clone hooks.
    itBoth('a root-run unprivileged container: the clone hook runs as host root, as under LXC', () => {
      const added = ensureRootRange();
      try {
        const conf = join(confDir, 'unpriv.conf');
        writeFileSync(conf, ['lxc.net.0.type = empty', 'lxc.idmap = u 0 100000 65536', 'lxc.idmap = g 0 100000 65536'].map((l) => `${l}\n`).join(''));
        const names = [`hu${tag}`, `hur${tag}`];
        const lxcpaths = [stack.lxcpath, real.lxcpath];
        expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', names[0], '-f', conf], { timeoutMs: 120_000 }).code).toBe(0);
        expect(spawnSync('lxc-create', ['-P', real.lxcpath, '-n', names[1], '-t', 'busybox', '-f', conf]).status).toBe(0);
        names.forEach((n, i) => appendFileSync(join(lxcpaths[i], n, 'config'), `lxc.hook.clone = ${hookDir}/hook.sh\n`));
        const r = [stack.lxc('lxc-copy', ['-n', names[0], '-N', `${names[0]}c`]),
          spawnSync('lxc-copy', ['-P', real.lxcpath, '-n', names[1], '-N', `${names[1]}c`], { encoding: 'utf8' })];
        expect(r.map((x) => ('code' in x ? x.code : x.status))).toEqual([0, 0]);
        const owner = names.map((n, i) => statSync(join(lxcpaths[i], `${n}c`, 'rootfs/etc/hooked')));
        expect(owner.map((s) => [s.uid, s.gid])).toEqual([[0, 0], [0, 0]]);
      } finally {
        dropRootRange(added);
      }
    });

    itBoth('a failing clone hook: lxc-copy fails silently and leaves no clone; a failing destroy hook keeps the container', () => {
      const names = srcs.map((s) => `${s.name}f`);
      writeFileSync(join(hookDir, 'fail-clone'), '');
      try {
        const r = srcs.map((s, i) => s.run('lxc-copy', ['-n', s.name, '-N', names[i]]));
        expect(r.map((x) => [x.code, x.stderr])).toEqual([[1, ''], [1, '']]);
        srcs.forEach((s, i) => expect(existsSync(join(s.lxcpath, names[i]))).toBe(false));
        const types = srcs.map((s, i) => cloneRecords(s, names[i]).map((l) => l.split('|')[0]));
        expect(types).toEqual([['clone', 'destroy'], ['clone', 'destroy']]);
      } finally {
        rmSync(join(hookDir, 'fail-clone'));
      }
      writeFileSync(join(hookDir, 'fail-destroy'), '');
      try {
        const r = srcs.map((s) => s.run('lxc-destroy', ['-n', s.name]));
        expect(r[0].code).toBe(1);
        expect(masked(srcs[0], r[0].stderr)).toBe(masked(srcs[1], r[1].stderr));
        srcs.forEach((s) => expect(existsSync(join(s.lxcpath, s.name, 'config'))).toBe(true));
      } finally {
        rmSync(join(hookDir, 'fail-destroy'));
      }
    });
  });
});
