/**
 * lxc-snapshot of overlay containers, side by side with real LXC 5.0.2 in a
 * temp lxcpath: the snapshot is an overlay on the same lower with a copy of
 * the delta (paths, config lines, lxc_rdepends / lxc_snapshots text), -L,
 * restore in place and under a new name (the files of the snapshot time, the
 * bookkeeping, new MACs), the refusals for a snapshot others were restored
 * from (lxc-snapshot -d, -d ALL, lxc-destroy -s: LXC's lines and rc), and a
 * snapshot of an `lxc-create -B overlay` container. Inside view via nsenter.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  appendFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, statSync, unlinkSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realLxcRun as realLxc } from './support/lxc-side';
import { describeSystem, startStack, type RunResult, type Stack } from './support/stack-harness';

jest.setTimeout(300_000);

const HAS_REAL = existsSync('/usr/bin/lxc-snapshot') && existsSync('/usr/share/lxc/templates/lxc-busybox');
if (!HAS_REAL) console.warn('SKIP side-by-side lxc-snapshot checks: real LXC is not installed');
const tag = process.pid % 100000;
const base = `sob${tag}`;
const cl = `socl${tag}`;
const rest = `sor${tag}`;
const ov = `sov${tag}`;
const full = `sof${tag}`;
const MAC = '00:16:3e:11:22:33';

/** Every entry under root: type, mode, owner and content (small files as text, others hashed); times left out. */
function tree(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (rel: string) => {
    const st = lstatSync(join(root, rel));
    const mode = (st.mode & 0o7777).toString(8);
    const kind = st.isDirectory() ? 'd' : st.isSymbolicLink() ? 'l' : st.isFile() ? 'f' : 'o';
    let body = '';
    if (st.isFile()) {
      const data = readFileSync(join(root, rel));
      body = data.length < 64 ? data.toString() : createHash('sha256').update(data).digest('hex');
    } else if (st.isSymbolicLink()) body = readlinkSync(join(root, rel));
    out.set(rel || '/', `${kind} ${mode} ${body}`.trimEnd().replace(/^(\w) (\d+)$/, '$1 $2'));
    if (st.isDirectory()) for (const n of readdirSync(join(root, rel)).sort()) walk(`${rel}/${n}`);
  };
  walk('');
  return out;
}

/** `+ path` added, `- path` gone, `~ path` changed, in path order. */
function treeDiff(a: Map<string, string>, b: Map<string, string>): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])].sort();
  return keys.flatMap((k) => (!a.has(k) ? [`+ ${k} ${b.get(k)}`] : !b.has(k) ? [`- ${k}`] : a.get(k) !== b.get(k) ? [`~ ${k} ${b.get(k)}`] : []));
}

describeSystem('lxc-snapshot of overlay containers', () => {
  let stack: Stack;
  let dir: string;
  let real: string;
  const sides = () => [stack.lxcpath, ...(HAS_REAL ? [real] : [])];
  const norm = (text: string, p: string) => text.split(p).join('LXCPATH');
  const read = (p: string, ...rel: string[]) => norm(readFileSync(join(p, ...rel), 'utf8'), p);
  /** Runs on both sides; the results with the lxcpath made comparable. */
  const both = (tool: string, args: string[]): RunResult[] => [
    stack.lxc(tool, args), ...(HAS_REAL ? [realLxc(tool, ['-P', real, ...args])] : []),
  ].map((r, i) => ({ ...r, stdout: norm(r.stdout, sides()[i]), stderr: norm(r.stderr, sides()[i]) }));
  const same = (tool: string, args: string[]): RunResult => {
    const [ours, theirs] = both(tool, args);
    if (theirs) expect(ours).toEqual(theirs);
    return ours;
  };
  const sameFile = (...rel: string[]): string => {
    const [ours, theirs] = sides().map((p) => read(p, ...rel));
    if (HAS_REAL) expect({ rel, text: ours }).toEqual({ rel, text: theirs });
    return ours;
  };
  const lastLines = (text: string, n: number) => text.split('\n').filter(Boolean).slice(-n);
  /** The config lines from lxc.rootfs.path on (the templates' own lines differ between the two sides). */
  const sameTail = (rel: string, n: number): string[] => {
    const [ours, theirs] = sides().map((p) => lastLines(read(p, rel, 'config'), n));
    if (HAS_REAL) expect({ rel, ours }).toEqual({ rel, ours: theirs });
    return ours;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-snapov-'));
    real = join(dir, 'real');
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: conf });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', base], { timeoutMs: 120_000 }).code).toBe(0);
    if (HAS_REAL) expect(realLxc('lxc-create', ['-P', real, '-t', 'busybox', '-n', base, '-f', conf]).code).toBe(0);
    expect(same('lxc-copy', ['-n', base, '-N', cl, '-s']).code).toBe(0);
    for (const p of sides()) {
      appendFileSync(join(p, cl, 'config'), `lxc.net.0.hwaddr = ${MAC}\n`);
      writeFileSync(join(p, cl, 'overlay/delta/then'), 'snapshot time\n');
    }
  }, 180_000);

  afterAll(async () => {
    for (const n of [rest, cl, ov, `${full}d`, full, base]) {
      stack?.lxc('lxc-destroy', ['-f', '-s', '-n', n]);
      if (HAS_REAL) realLxc('lxc-destroy', ['-P', real, '-f', '-s', '-n', n]);
    }
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('snapshots an overlay clone as an overlay on the same lower with a copy of the delta, as LXC', () => {
    // No "copy-clone" notice for an overlay (the dir notice is LXC's only output at -l ERROR).
    expect(same('lxc-snapshot', ['-n', cl, '-l', 'ERROR', '-o', '/dev/null'])).toEqual({ code: 0, stdout: '', stderr: '' });
    const snap = join(cl, 'snaps', 'snap0');
    for (const p of sides()) expect(readdirSync(join(p, snap)).sort()).toEqual(['config', 'lxc_rdepends', 'overlay', 'rootfs', 'ts']);
    expect(readdirSync(join(stack.lxcpath, snap, 'rootfs'))).toEqual([]);
    expect(sameFile(snap, 'overlay/delta/then')).toBe('snapshot time\n');
    const config = read(stack.lxcpath, snap, 'config').split('\n');
    expect(config).toContain(`lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/${snap}/overlay/delta`);
    expect(config).toContain(`lxc.uts.name = ${cl}`);
    expect(config).toContain(`lxc.net.0.hwaddr = ${MAC}`);
    expect(sameTail(snap, 1)).toEqual([`lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/${snap}/overlay/delta`]);
    // The snapshot depends on what the clone depends on, not on the clone; the origin lists it.
    expect(sameFile(snap, 'lxc_rdepends')).toBe(`LXCPATH\n${base}\n`);
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH\n${cl}\nLXCPATH/${cl}/snaps\nsnap0\n`);
    expect(/^\d{4}:\d\d:\d\d \d\d:\d\d:\d\d$/.test(readFileSync(join(stack.lxcpath, snap, 'ts'), 'utf8'))).toBe(true);
  });

  it('copies an overlay clone into a dir (-B dir, -p OTHER) as its merged view, as LXC; the copy is independent', () => {
    expect(same('lxc-copy', ['-n', base, '-N', full, '-s']).code).toBe(0);
    // Real overlay state in the upper layer (a whiteout, an opaque directory, new files), made by the
    // kernel in our running clone, then the same delta given to the real side.
    expect(stack.lxc('lxc-start', ['-n', full, '--', '/bin/sh', '-c', 'exec sleep 100000'])).toMatchObject({ code: 0, stderr: '' });
    const pid = stack.lxc('lxc-info', ['-n', full, '-pH']).stdout.trim();
    const script = 'rm /etc/passwd && rm -r /etc/init.d && mkdir /etc/init.d && echo new > /etc/init.d/rcS2 && echo hi > /hello && chmod 0600 /hello';
    expect(spawnSync('nsenter', ['-t', pid, '-m', 'sh', '-c', script], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
    expect(stack.lxc('lxc-stop', ['-k', '-n', full]).code).toBe(0);
    const delta = join(stack.lxcpath, full, 'overlay/delta');
    expect(statSync(join(delta, 'etc/passwd')).isCharacterDevice()).toBe(true);
    if (HAS_REAL) {
      rmSync(join(real, full, 'overlay/delta'), { recursive: true });
      expect(spawnSync('cp', ['-a', delta, join(real, full, 'overlay/delta')]).status).toBe(0);
    }
    const other = join(dir, 'other');
    mkdirSync(other);
    if (HAS_REAL) mkdirSync(join(dir, 'real-other'));
    const ours = [stack.lxc('lxc-copy', ['-n', full, '-N', `${full}d`, '-B', 'dir']), stack.lxc('lxc-copy', ['-n', full, '-N', `${full}p`, '-p', other])];
    expect(ours).toEqual([{ code: 0, stdout: '', stderr: '' }, { code: 0, stdout: '', stderr: '' }]);
    const copies = [join(stack.lxcpath, `${full}d`), join(other, `${full}p`)];
    if (HAS_REAL) {
      expect(realLxc('lxc-copy', ['-P', real, '-n', full, '-N', `${full}d`, '-B', 'dir'])).toEqual(ours[0]);
      expect(realLxc('lxc-copy', ['-P', real, '-n', full, '-N', `${full}p`, '-p', join(dir, 'real-other')])).toEqual(ours[1]);
    }
    const changes = (p: string, copy: string) => treeDiff(tree(join(p, base, 'rootfs')), tree(join(copy, 'rootfs')));
    const expected = ['- /etc/init.d/rcS', '+ /etc/init.d/rcS2 f 644 new', '- /etc/passwd', '+ /hello f 600 hi'];
    for (const c of copies) expect(changes(stack.lxcpath, c).filter((l) => !l.startsWith('~ /etc/init.d d') && !l.startsWith('~ / d') && !l.startsWith('~ /etc d'))).toEqual(expected);
    if (HAS_REAL) {
      expect(changes(stack.lxcpath, copies[0])).toEqual(changes(real, join(real, `${full}d`)));
      expect(changes(stack.lxcpath, copies[1])).toEqual(changes(real, join(dir, 'real-other', `${full}p`)));
      expect(readdirSync(join(real, `${full}d`)).sort()).toEqual(['config', 'rootfs']);
    }
    expect(readdirSync(copies[0]).sort()).toEqual(['config', 'rootfs']);
    expect(lastLines(read(stack.lxcpath, `${full}d`, 'config'), 2)).toEqual([`lxc.rootfs.path = dir:LXCPATH/${full}d/rootfs`, `lxc.uts.name = ${full}d`]);
    expect(lastLines(read(other, `${full}p`, 'config'), 2)).toEqual([`lxc.rootfs.path = dir:LXCPATH/${full}p/rootfs`, `lxc.uts.name = ${full}p`]);
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH\n${cl}\nLXCPATH/${cl}/snaps\nsnap0\nLXCPATH\n${full}\n`);
    // Independent: a write to the copy is not seen by the clone or its lower, and the other way round.
    writeFileSync(join(copies[0], 'rootfs/copy-only'), 'c');
    writeFileSync(join(delta, 'clone-only'), 'o');
    expect([existsSync(join(delta, 'copy-only')), existsSync(join(stack.lxcpath, base, 'rootfs/copy-only')), existsSync(join(copies[0], 'rootfs/clone-only'))])
      .toEqual([false, false, false]);
    for (const n of [`${full}d`, full]) expect(same('lxc-destroy', ['-n', n]).code).toBe(0);
    expect(stack.lxc('lxc-destroy', ['-P', other, '-n', `${full}p`]).code).toBe(0);
  });

  it('lists it as LXC does', () => {
    const [ours, theirs] = both('lxc-snapshot', ['-n', cl, '-L']).map((r) => ({ ...r, stdout: r.stdout.replace(/\d{4}:\d\d:\d\d \d\d:\d\d:\d\d/g, 'TS') }));
    expect(ours).toEqual({ code: 0, stdout: `snap0 (LXCPATH/${cl}/snaps) TS\n`, stderr: '' });
    if (theirs) expect(ours).toEqual(theirs);
  });

  it('restores under a new name: an overlay clone of the snapshot with new MACs, depending on it', () => {
    for (const p of sides()) writeFileSync(join(p, cl, 'overlay/delta/later'), 'after the snapshot\n');
    expect(same('lxc-snapshot', ['-n', cl, '-r', 'snap0', '-N', rest])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sameFile(rest, 'lxc_rdepends')).toBe(`LXCPATH\n${base}\nLXCPATH/${cl}/snaps\nsnap0\n`);
    expect(sameFile(cl, 'snaps/snap0/lxc_snapshots')).toBe(`LXCPATH\n${rest}\n`);
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH\n${cl}\nLXCPATH/${cl}/snaps\nsnap0\nLXCPATH\n${rest}\n`);
    expect(sameTail(rest, 2)).toEqual([`lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/${rest}/overlay/delta`, `lxc.uts.name = ${rest}`]);
    for (const p of sides()) {
      const mac = /^lxc\.net\.0\.hwaddr = (.*)$/m.exec(readFileSync(join(p, rest, 'config'), 'utf8'))?.[1];
      expect({ p, fresh: mac !== MAC && /^00:16:3e(:[0-9a-f]{2}){3}$/.test(mac ?? '') }).toEqual({ p, fresh: true });
      expect(readdirSync(join(p, rest, 'overlay/delta'))).toEqual(['then']);
    }
  });

  it('refuses to destroy a snapshot a container was restored from, with LXC\'s lines', () => {
    const one = same('lxc-snapshot', ['-n', cl, '-d', 'snap0', '-l', 'ERROR', '-o', '/dev/null']);
    expect(one).toEqual({
      code: 1, stdout: '',
      stderr: `lxc-snapshot: ${cl}: ../src/lxc/lxccontainer.c: do_lxcapi_destroy: 3100 container snap0 has snapshots on its rootfs\n`
        + `lxc-snapshot: ${cl}: ../src/lxc/lxccontainer.c: do_snapshot_destroy: 4470 Could not destroy snapshot snap0\n`
        + `lxc-snapshot: ${cl}: ../src/lxc/tools/lxc_snapshot.c: do_snapshot_destroy: 214 Error destroying snapshot snap0\n`,
    });
    expect(same('lxc-snapshot', ['-n', cl, '-d', 'snap0'])).toEqual({ code: 1, stdout: '', stderr: '' });
    const all = same('lxc-snapshot', ['-n', cl, '-d', 'ALL', '-l', 'ERROR', '-o', '/dev/null']);
    expect(all.stderr).toContain(`remove_all_snapshots: 4509 Directory not empty - Error removing directory LXCPATH/${cl}/snaps\n`);
    const destroy = same('lxc-destroy', ['-n', cl, '-s']);
    expect(destroy).toEqual({
      code: 1, stdout: '',
      stderr: `lxc-destroy: ${cl}: ../src/lxc/lxccontainer.c: do_lxcapi_destroy: 3100 container snap0 has snapshots on its rootfs\n`
        + `lxc-destroy: ${cl}: ../src/lxc/lxccontainer.c: do_snapshot_destroy: 4470 Could not destroy snapshot snap0\n`
        + `lxc-destroy: ${cl}: ../src/lxc/lxccontainer.c: remove_all_snapshots: 4509 Directory not empty - Error removing directory LXCPATH/${cl}/snaps\n`
        + `lxc-destroy: ${cl}: ../src/lxc/lxccontainer.c: do_lxcapi_destroy_with_snapshots: 3116 Error deleting all snapshots\n`,
    });
    expect(same('lxc-destroy', ['-n', cl, '-s', '-q'])).toMatchObject({ code: 1 });
    for (const p of sides()) expect(existsSync(join(p, cl, 'snaps/snap0/config')) && existsSync(join(p, cl, 'config'))).toBe(true);
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH\n${cl}\nLXCPATH/${cl}/snaps\nsnap0\nLXCPATH\n${rest}\n`);
  });

  it('restores in place: the files of the snapshot time, new MACs, the clone back at the end of its origin\'s list', () => {
    for (const p of sides()) unlinkSync(join(p, cl, 'overlay/delta/then'));
    expect(same('lxc-snapshot', ['-n', cl, '-r', 'snap0'])).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const p of sides()) expect(readdirSync(join(p, cl, 'overlay/delta'))).toEqual(['then']);
    expect(sameFile(cl, 'lxc_rdepends')).toBe(`LXCPATH\n${base}\n`);
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH/${cl}/snaps\nsnap0\nLXCPATH\n${rest}\nLXCPATH\n${cl}\n`);
    const text = read(stack.lxcpath, cl, 'config');
    expect(sameTail(cl, 2)).toEqual([`lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/${cl}/overlay/delta`, `lxc.uts.name = ${cl}`]);
    expect(text).not.toContain(MAC);
    // Seen from inside: the snapshot's file, not the later one, over the origin's tree.
    expect(stack.lxc('lxc-start', ['-n', cl, '--', '/bin/sh', '-c', 'exec sleep 100000'])).toMatchObject({ code: 0, stderr: '' });
    // A running overlay container is not snapshotted; LXC's lines have no copy-clone notice here.
    if (HAS_REAL) {
      // Real LXC fails to set up an `empty` network that has a hwaddr: the line goes on that side only.
      const file = join(real, cl, 'config');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^lxc\.net\.0\.hwaddr = .*\n/m, ''));
      expect(realLxc('lxc-start', ['-P', real, '-n', cl]).code).toBe(0);
    }
    expect(same('lxc-snapshot', ['-n', cl, '-l', 'ERROR', '-o', '/dev/null'])).toEqual({
      code: 1, stdout: '',
      stderr: `lxc-snapshot: ${cl}: ../src/lxc/lxccontainer.c: do_lxcapi_clone: 3797 error: Original container (${cl}) is running. `
        + 'Use --allowrunning if you want to force a snapshot of the running container.\n'
        + `lxc-snapshot: ${cl}: ../src/lxc/lxccontainer.c: do_lxcapi_snapshot: 4187 Failed to clone of LXCPATH:${cl}\n`
        + `lxc-snapshot: ${cl}: ../src/lxc/tools/lxc_snapshot.c: do_snapshot: 197 Error creating a snapshot\n`,
    });
    if (HAS_REAL) expect(realLxc('lxc-stop', ['-P', real, '-k', '-n', cl]).code).toBe(0);
    const pid = stack.lxc('lxc-info', ['-n', cl, '-pH']).stdout.trim();
    const look = spawnSync('nsenter', ['-t', pid, '-m', 'sh', '-c', 'cat /then; test -e /later && echo later; test -x /bin/busybox && echo lower'], { encoding: 'utf8' });
    expect(look.stdout).toBe('snapshot time\nlower\n');
    expect(stack.lxc('lxc-stop', ['-k', '-n', cl]).code).toBe(0);
  });

  it('destroys the restored clone, then the snapshot and the clone, emptying the lists as LXC', () => {
    expect(same('lxc-destroy', ['-n', rest])).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const p of sides()) expect(existsSync(join(p, cl, 'snaps/snap0/lxc_snapshots'))).toBe(false);
    expect(same('lxc-snapshot', ['-n', cl, '-d', 'snap0'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(sameFile(base, 'lxc_snapshots')).toBe(`LXCPATH\n${cl}\n`);
    expect(same('lxc-snapshot', ['-n', cl])).toMatchObject({ code: 0 });
    expect(same('lxc-destroy', ['-n', cl, '-s'])).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const p of sides()) expect(existsSync(join(p, base, 'lxc_snapshots'))).toBe(false);
  });

  it('snapshots an lxc-create -B overlay container over its own rootfs, with no lxc_rdepends', () => {
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', ov, '-B', 'overlay'], { timeoutMs: 120_000 }).code).toBe(0);
    if (HAS_REAL) expect(realLxc('lxc-create', ['-P', real, '-t', 'busybox', '-n', ov, '-B', 'overlay', '-f', join(dir, 'default.conf')]).code).toBe(0);
    for (const p of sides()) writeFileSync(join(p, ov, 'overlay/delta/mine'), 'x');
    expect(same('lxc-snapshot', ['-n', ov])).toEqual({ code: 0, stdout: '', stderr: '' });
    for (const p of sides()) {
      expect(readdirSync(join(p, ov, 'snaps/snap0')).sort()).toEqual(['config', 'overlay', 'rootfs', 'ts']);
      expect(readdirSync(join(p, ov, 'snaps/snap0/overlay/delta'))).toEqual(['mine']);
    }
    expect(sameTail(`${ov}/snaps/snap0`, 1)).toEqual([`lxc.rootfs.path = overlay:LXCPATH/${ov}/rootfs:LXCPATH/${ov}/snaps/snap0/overlay/delta`]);
    expect(same('lxc-destroy', ['-n', ov, '-s'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
