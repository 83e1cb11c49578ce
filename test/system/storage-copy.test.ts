/**
 * lxc-copy's ephemeral and storage flags (issue 7), each side by side with
 * real LXC 5.0.2 in a temp lxcpath: -e -D (kept when it stops), -e -m bind=
 * (LXC's mount entries, visible and ro inside), -e -t (LXC's tmpfs pre-mount
 * hook: writes never reach the disk), -s of an overlay clone (the same lower,
 * a copy of the delta, the rdepends chain) and -B overlay for a full copy
 * (refused with LXC's lines). Inside views through nsenter, as in
 * copy-snapshots.test.ts.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { realLxcRun as realLxc } from './support/lxc-side';
import { describeSystem, startStack, until, type Stack } from './support/stack-harness';

jest.setTimeout(300_000);

const HAS_REAL = existsSync('/usr/bin/lxc-copy') && existsSync('/usr/share/lxc/templates/lxc-busybox');
const HAS_RSYNC = spawnSync('rsync', ['--version'], { stdio: 'ignore' }).status === 0;
if (!HAS_REAL) console.warn('SKIP side-by-side lxc-copy checks: real LXC is not installed');
const tag = process.pid % 100000;
const base = `cpb${tag}`;

/** The lines a clone's config gains after the copied ones (from lxc.rootfs.path on), paths made comparable. */
function tail(text: string, lxcpath: string, name: string): string[] {
  const lines = text.split('\n').filter(Boolean);
  return lines.slice(lines.findIndex((l) => l.startsWith('lxc.rootfs.path'))).map((l) =>
    l.split(lxcpath).join('LXCPATH').split(name).join('NAME').replace(/pre-start-[A-Za-z0-9]{6}/, 'pre-start-XXXXXX').replace(/#[A-Za-z0-9]{6}/g, '#XXXXXX'));
}

describeSystem('lxc-copy -e -D / -m / -t, clones of clones, -B', () => {
  let stack: Stack;
  let dir: string;
  let real: string;
  let src: string;
  const cfg = (p: string, n: string) => readFileSync(join(p, n, 'config'), 'utf8');
  const pidOf = (name: string) => stack.lxc('lxc-info', ['-n', name, '-pH']).stdout.trim();
  const inside = (name: string, cmd: string[]) => spawnSync('nsenter', ['-t', pidOf(name), '-m', ...cmd], { encoding: 'utf8' });
  const both = (tool: string, args: string[]) => ({ ours: stack.lxc(tool, args), theirs: HAS_REAL ? realLxc(tool, ['-P', real, ...args]) : undefined });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-storage-copy-'));
    real = join(dir, 'real');
    src = join(dir, 'bind-src');
    mkdirSync(src);
    writeFileSync(join(src, 'f'), 'hello\n');
    const conf = join(dir, 'default.conf');
    writeFileSync(conf, 'lxc.net.0.type = empty\n');
    stack = await startStack({ defaultConfig: conf });
    expect(stack.lxc('lxc-create', ['-t', 'busybox', '-n', base], { timeoutMs: 120_000 }).code).toBe(0);
    if (HAS_REAL) expect(realLxc('lxc-create', ['-P', real, '-t', 'busybox', '-n', base, '-f', conf]).code).toBe(0);
  }, 180_000);

  afterAll(async () => {
    if (HAS_REAL) {
      for (const n of ['cpcc', 'cpd', base].map((x) => (x === base ? x : `${x}${tag}`))) realLxc('lxc-destroy', ['-P', real, '-f', '-n', n]);
    }
    for (const n of [`cpcc${tag}`, `cpd${tag}`]) stack?.lxc('lxc-destroy', ['-f', '-n', n]);
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('-e -D -m bind=/overlay=: LXC\'s mount entries and no lxc.ephemeral; the mounts are there (ro where asked); it stays when stopped', async () => {
    const c = `cpd${tag}`;
    const args = ['-n', base, '-N', c, '-e', '-D', '-m', `bind=${src}:/mnt/b:ro`, '-m', `bind=${src},overlay=${src}:/mnt/o`];
    const { ours, theirs } = both('lxc-copy', args);
    expect(ours).toEqual({ code: 0, stdout: `Created ${c} as clone of ${base}\n`, stderr: '' });
    const mine = tail(cfg(stack.lxcpath, c), stack.lxcpath, c);
    expect(mine).toEqual([
      `lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/NAME/overlay/delta`, 'lxc.uts.name = NAME',
      `lxc.mount.entry = ${src} mnt/b none bind,optional,ro,create=dir 0 0`,
      `lxc.mount.entry = ${src} ${src.slice(1)} none bind,optional,rw,create=dir 0 0`,
      `lxc.mount.entry = ${src} mnt/o overlay lowerdir=${src},upperdir=LXCPATH/NAME/delta#XXXXXX,workdir=LXCPATH/NAME/work#XXXXXX,create=dir`,
    ]);
    if (theirs) {
      expect(theirs).toEqual(ours);
      expect(mine).toEqual(tail(cfg(real, c), real, c));
    }
    expect(inside(c, ['cat', '/mnt/b/f']).stdout).toBe('hello\n');
    expect(inside(c, ['touch', '/mnt/b/x']).stderr).toMatch(/Read-only file system/);
    expect(inside(c, ['sh', '-c', `echo rw > ${src}/from-clone && echo kept > /kept`]).status).toBe(0);
    expect(readFileSync(join(src, 'from-clone'), 'utf8')).toBe('rw\n');
    // The overlay= mount: the source shows through, writes go to the clone's own upper directory.
    expect(inside(c, ['sh', '-c', 'cat /mnt/o/f && echo up > /mnt/o/upper-file']).stdout).toBe('hello\n');
    const upper = readdirSync(join(stack.lxcpath, c)).find((d) => d.startsWith('delta#')) as string;
    expect(readFileSync(join(stack.lxcpath, c, upper, 'upper-file'), 'utf8')).toBe('up\n');
    expect(existsSync(join(src, 'upper-file'))).toBe(false);
    expect(stack.lxc('lxc-stop', ['-k', '-n', c]).code).toBe(0);
    await new Promise((ok) => setTimeout(ok, 1000));
    expect(stack.lxc('lxc-info', ['-n', c, '-sH']).stdout).toBe('STOPPED\n');
    expect(readFileSync(join(stack.lxcpath, c, 'overlay', 'delta', 'kept'), 'utf8')).toBe('kept\n');
    if (theirs) expect(realLxc('lxc-stop', ['-P', real, '-k', '-n', c]).code).toBe(0);
  });

  it('-e -t: LXC\'s tmpfs hook script and config lines; the upper layer is in memory and the clone goes when stopped', async () => {
    const c = `cpt${tag}`;
    const { ours, theirs } = both('lxc-copy', ['-n', base, '-N', c, '-e', '-t']);
    const text = `Created ${c} as clone of ${base}\nContainer is placed on tmpfs.\nRebooting will cause all changes made to it to be lost!\n`;
    expect(ours).toEqual({ code: 0, stdout: text, stderr: '' });
    const home = join(stack.lxcpath, c);
    const script = readdirSync(home).find((f) => f.startsWith('pre-start-')) as string;
    const mine = tail(cfg(stack.lxcpath, c), stack.lxcpath, c);
    expect(mine.slice(-2)).toEqual(['lxc.hook.pre-mount = LXCPATH/NAME/pre-start-XXXXXX', 'lxc.ephemeral = 1']);
    if (theirs) {
      expect(theirs).toEqual(ours);
      expect(mine).toEqual(tail(cfg(real, c), real, c));
      const theirScript = readdirSync(join(real, c)).find((f) => f.startsWith('pre-start-')) as string;
      expect(readFileSync(join(home, script), 'utf8').split(stack.lxcpath).join('P'))
        .toBe(readFileSync(join(real, c, theirScript), 'utf8').split(real).join('P'));
      expect(realLxc('lxc-stop', ['-P', real, '-k', '-n', c]).code).toBe(0);
    }
    expect(inside(c, ['cat', '/etc/hostname']).stdout).toBe(`${c}\n`);
    expect(inside(c, ['sh', '-c', 'echo volatile > /in-memory']).status).toBe(0);
    expect(inside(c, ['cat', '/in-memory']).stdout).toBe('volatile\n');
    // The tmpfs lives only in the container's mount namespace: the disk's delta never sees the write.
    expect(existsSync(join(home, 'overlay', 'delta', 'in-memory'))).toBe(false);
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(`${home}/overlay`);
    expect(stack.lxc('lxc-stop', ['-k', '-n', c]).code).toBe(0);
    await until(() => !existsSync(home), 10_000);
    expect(existsSync(home)).toBe(false);
    const refused = stack.lxc('lxc-copy', ['-n', base, '-N', `${c}x`, '-e', '-t', '-D']);
    expect(refused).toEqual({ code: 1, stdout: '', stderr: 'A container can only be placed on a tmpfs when the overlay storage driver is used\n' });
    expect(existsSync(join(stack.lxcpath, `${c}x`))).toBe(false);
  });

  it('-s of an overlay clone: the same lower, a copy of its delta, recorded in both origins as LXC does', () => {
    const c = `cpcc${tag}`;
    const from = `cpd${tag}`;
    const { ours, theirs } = both('lxc-copy', ['-n', from, '-N', c, '-s']);
    expect(ours).toEqual({ code: 0, stdout: '', stderr: '' });
    const home = join(stack.lxcpath, c);
    expect(readFileSync(join(home, 'overlay', 'delta', 'kept'), 'utf8')).toBe('kept\n');
    expect(tail(cfg(stack.lxcpath, c), stack.lxcpath, c)[0]).toBe(`lxc.rootfs.path = overlay:LXCPATH/${base}/rootfs:LXCPATH/NAME/overlay/delta`);
    const files = (p: string) => ({
      rdepends: readFileSync(join(p, c, 'lxc_rdepends'), 'utf8').split(p).join('P'),
      fromClones: readFileSync(join(p, from, 'lxc_snapshots'), 'utf8').split(p).join('P'),
      baseClones: readFileSync(join(p, base, 'lxc_snapshots'), 'utf8').split(p).join('P'),
    });
    expect(files(stack.lxcpath)).toEqual({
      rdepends: `P\n${base}\nP\n${from}\n`, fromClones: `P\n${c}\n`, baseClones: `P\n${from}\nP\n${c}\n`,
    });
    if (theirs && HAS_RSYNC) {
      expect(theirs).toEqual(ours);
      expect(files(stack.lxcpath)).toEqual(files(real));
    } else if (theirs) {
      console.warn('SKIP real side of -s of a clone: LXC copies the delta with rsync, which is not installed');
    }
    expect(stack.lxc('lxc-start', ['-n', c, '--', '/bin/sh', '-c', 'exec sleep 100000'])).toMatchObject({ code: 0, stderr: '' });
    expect(inside(c, ['cat', '/kept']).stdout).toBe('kept\n');
    expect(stack.lxc('lxc-stop', ['-k', '-n', c]).code).toBe(0);
    expect(stack.lxc('lxc-destroy', ['-n', from]).stderr).toMatch(/has clones/);
    expect(stack.lxc('lxc-destroy', ['-n', c]).code).toBe(0);
    expect(existsSync(join(stack.lxcpath, from, 'lxc_snapshots'))).toBe(false);
    expect(readFileSync(join(stack.lxcpath, base, 'lxc_snapshots'), 'utf8')).toBe(`${stack.lxcpath}\n${from}\n`);
  });

  it('-B overlay for a full copy, or a full copy of an overlay clone, is refused with LXC\'s lines (only with -l, as LXC)', () => {
    const { ours, theirs } = both('lxc-copy', ['-n', base, '-N', `cpf${tag}`, '-B', 'overlay', '-l', 'ERROR']);
    expect(ours.code).toBe(1);
    expect(ours.stderr).toMatch(/ovl_clonepaths: 43 The overlay storage driver can only be used for snapshots\n/);
    if (theirs) expect(ours.stderr.split(stack.lxcpath).join('P')).toBe(theirs.stderr.split(real).join('P'));
    expect(stack.lxc('lxc-copy', ['-n', base, '-N', `cpf${tag}`, '-B', 'overlay'])).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(existsSync(join(stack.lxcpath, `cpf${tag}`))).toBe(false);
    // A full copy of an overlay clone keeps its store, so LXC refuses it the same way.
    const again = both('lxc-copy', ['-n', `cpd${tag}`, '-N', `cpg${tag}`, '-l', 'ERROR']);
    expect(again.ours.stderr).toMatch(new RegExp(`clone of "${stack.lxcpath}/${base}/rootfs:${stack.lxcpath}/cpd${tag}/overlay/delta"`));
    if (again.theirs) expect(again.ours.stderr.split(stack.lxcpath).join('P')).toBe(again.theirs.stderr.split(real).join('P'));
  });
});
