/**
 * lxc.hook.clone and lxc.hook.destroy side by side with real LXC 5.0.2, with the logging hook of
 * support/hook-log.ts on both: lxc-copy (a copy, an overlay snapshot clone, -- arguments),
 * lxc-snapshot (create, restore, -d), lxc-destroy; what the hooks get (names, lxcpath and LXC's own
 * rootfs mount point masked), what they can write in the clone, and what a failing one does.
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import { writeEmptyNetDefaultConfig } from './support/bus-helpers';
import { dropRootRange, ensureRootRange } from './support/root-range';
import { hookRecords, writeLoggingHook } from './support/hook-log';
import { createLxcbus, probeSkipReason, RealLxc, realLxcSkipReason, type Side } from './support/lxc-side';

jest.setTimeout(240_000);

describeSystem('lxc.hook.clone and lxc.hook.destroy (lxc-copy, -s, lxc-snapshot, lxc-destroy): side by side with LXC 5.0.2', () => {
  const reason = probeSkipReason() ?? realLxcSkipReason();
  if (reason) console.warn(`hooks-clone: side-by-side skipped: ${reason}`);
  const itBoth = reason ? it.skip : it;

  let stack: Stack;
  let confDir: string;
  let hookDir: string;
  let real: RealLxc;
  const tag = `${process.pid % 10000}`;
  const srcs: Side[] = [];
  const masked = (s: Side, text: string) => text.split(s.name).join('NAME');
  // LXC_ROOTFS_MOUNT is masked where LXC uses its own mount point (overlay clones, destroy).
  const cloneRecords = (s: Side, name: string, maskMount = true) => hookRecords(hookDir, name, [[s.lxcpath, 'LP'], [name, 'NAME'], [s.name, 'SRC']])
    .map((l) => l.replace(/LXC_ROOTFS_MOUNT=\S+/, (m) => (maskMount ? 'LXC_ROOTFS_MOUNT=M' : m)));

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-conf-'));
    hookDir = mkdtempSync(join(tmpdir(), 'lxcbus-hooks-'));
    writeLoggingHook(hookDir);
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    real = new RealLxc();
    if (reason) return;
    const hooks = ['clone', 'destroy'].map((t) => `lxc.hook.${t} = ${hookDir}/hook.sh`);
    srcs.push(createLxcbus(stack, `hc${tag}`, hooks), real.create(`hcr${tag}`, hooks));
  });

  afterAll(async () => {
    real?.cleanup();
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
    rmSync(hookDir, { recursive: true, force: true });
  });

  itBoth.each([
    ['a copy', [], 'rootfs', 'LXC_ROOTFS_MOUNT=LP/NAME/rootfs', 'c'],
    ['a snapshot clone (-s)', ['-s'], 'overlay/delta', 'LXC_ROOTFS_MOUNT=M', 's'],
    // -e -- COMMAND: the command's words are the clone hook's too (a1 is not found: lxc-copy still exits 0).
    ['an ephemeral clone with a command (-e -D)', ['-e', '-D'], 'overlay/delta', 'LXC_ROOTFS_MOUNT=M', 'e'],
  ])('%s: the clone hook gets the same arguments and environment and edits the clone; destroy gets its own', (_what, flags, layer, mount, suffix) => {
    const names = srcs.map((s) => `${s.name}${suffix}`);
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

  itBoth('lxc-copy -R: the clone hook for the new name, the destroy hook for the old one; a failing destroy hook keeps both', () => {
    const olds = srcs.map((s) => `${s.name}o`);
    expect(srcs.map((s, i) => s.run('lxc-copy', ['-n', s.name, '-N', olds[i]]).code)).toEqual([0, 0]);
    const renamed = (i: number) => `${olds[i]}n`;
    const r = srcs.map((s, i) => s.run('lxc-copy', ['-n', olds[i], '-N', renamed(i), '-R']));
    expect(r.map((x) => [x.code, x.stderr])).toEqual([[0, ''], [0, '']]);
    // The new name's records, then the old name's after its own clone record (names masked as NAME in each).
    const seen = srcs.map((s, i) => [...cloneRecords(s, renamed(i)), ...cloneRecords(s, olds[i]).slice(1)]);
    expect(seen[1].map((l) => l.split('|').slice(0, 2).join('|'))).toEqual(['clone|NAME lxc clone', 'destroy|NAME lxc destroy']);
    expect(seen[0]).toEqual(seen[1]);
    writeFileSync(join(hookDir, 'fail-destroy'), '');
    try {
      const f = srcs.map((s, i) => s.run('lxc-copy', ['-n', renamed(i), '-N', `${olds[i]}m`, '-R']));
      expect(f.map((x) => [x.code, x.stderr])).toEqual([[1, ''], [1, '']]);
      srcs.forEach((s, i) => [renamed(i), `${olds[i]}m`].forEach((n) => expect(existsSync(join(s.lxcpath, n, 'config'))).toBe(true)));
    } finally {
      rmSync(join(hookDir, 'fail-destroy'));
    }
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
