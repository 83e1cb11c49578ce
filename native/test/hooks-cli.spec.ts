/**
 * `lxcbus-shim hooks` (native/src/core/hooks-main.c), root only: what it refuses before any hook
 * runs. It runs as root for an ordinary user's clone, whose directories she owns: an overlay target
 * she turned into a symlink, layer paths that would add overlay options, and a drop "to uid 0".
 */
import { execFileSync } from 'child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { defaultShimPath, runHooks, type HookRun } from '../lib';
import { skipReason } from './harness';

const reason = skipReason();
if (reason) console.warn(`native/test/hooks-cli.spec.ts skipped: ${reason}`);
const d = reason ? describe.skip : describe;

d('lxcbus-shim hooks: refusals (root)', () => {
  let dir: string;
  const mark = () => join(dir, 'ran');
  // The hook leaves a mark, so a refusal is seen to come before any hook runs.
  const base = (over: Partial<HookRun> = {}): HookRun => ({
    type: 'clone', name: 'c1', version: 1, env: {}, hooks: [`id -u > ${mark()}`], ...over,
  });
  const layers = (target: string) => ({ lower: join(dir, 'lower'), upper: join(dir, 'upper'), work: join(dir, 'work'), target });
  const hostMounts = () => readFileSync('/proc/self/mountinfo', 'utf8');

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-hookcli-'));
    for (const s of ['lower', 'upper', 'work', 'rootfs', 'victim']) mkdirSync(join(dir, s));
    writeFileSync(join(dir, 'lower', 'from-lower'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('mounts the layers on a real target directory, nosuid and nodev, in the hooks\' namespace only', async () => {
    const target = join(dir, 'rootfs');
    await runHooks(base({ overlay: layers(target), hooks: [`ls ${target} > ${mark()}; grep " ${target} " /proc/self/mountinfo >> ${mark()}`] }));
    const seen = readFileSync(mark(), 'utf8');
    expect(seen).toMatch(/^from-lower\n/);
    expect(seen).toMatch(/ rw,nosuid,nodev,[^ ]* - overlay overlay /);
    // A file the hook writes goes to the upper layer given.
    await runHooks(base({ overlay: layers(target), hooks: [`touch ${target}/made`] }));
    expect(existsSync(join(dir, 'upper', 'made'))).toBe(true);
    expect(hostMounts()).not.toContain(target);
  });

  it('refuses a symlinked target: nothing is mounted and no hook runs', async () => {
    const link = join(dir, 'link');
    symlinkSync(join(dir, 'victim'), link);
    await expect(runHooks(base({ overlay: layers(link) }))).rejects.toThrow(/overlay target `.*\/link`: refusing to follow a symlink/);
    expect(existsSync(mark())).toBe(false);
    expect(readdirSync(join(dir, 'victim'))).toEqual([]);
    // A symlink earlier in the path is refused as well.
    symlinkSync(dir, join(dir, 'dirlink'));
    await expect(runHooks(base({ overlay: layers(join(dir, 'dirlink', 'victim')) }))).rejects.toThrow(/refusing to follow a symlink/);
    expect(existsSync(mark())).toBe(false);
  });

  it('refuses a symlinked layer (root\'s copy-ups would write where it points): nothing mounted, no hook', async () => {
    const link = join(dir, 'uplink');
    symlinkSync(join(dir, 'victim'), link);
    const o = layers(join(dir, 'rootfs'));
    await expect(runHooks(base({ overlay: { ...o, upper: link } }))).rejects.toThrow(/overlay upper layer `.*\/uplink`: refusing to follow a symlink/);
    await expect(runHooks(base({ overlay: { ...o, work: link } }))).rejects.toThrow(/overlay work dir `.*\/uplink`: refusing to follow a symlink/);
    await expect(runHooks(base({ overlay: { ...o, lower: link } }))).rejects.toThrow(/overlay lower layer `.*\/uplink`: refusing to follow a symlink/);
    expect(existsSync(mark())).toBe(false);
    expect(readdirSync(join(dir, 'victim'))).toEqual([]);
  });

  it.each([',', ':', '\\'])('refuses a layer path with %p in it (overlay option injection)', async (ch) => {
    const o = layers(join(dir, 'rootfs'));
    await expect(runHooks(base({ overlay: { ...o, upper: `${o.upper}${ch}lowerdir=/etc` } })))
      .rejects.toThrow(/overlay (layer .*: empty or contains ',', ':' or '\\'|.*: LOWER:UPPER:WORK:TARGET expected, no ':' in the paths)/);
    expect(existsSync(mark())).toBe(false);
  });

  it('refuses --overlay for destroy hooks (they run in the host\'s mount namespace)', async () => {
    await expect(runHooks(base({ type: 'destroy', overlay: layers(join(dir, 'rootfs')) }))).rejects.toThrow(/--overlay is for clone hooks only/);
    expect(existsSync(mark())).toBe(false);
  });

  it('refuses --uid 0 and a lone --uid; bad ids are refused too', () => {
    const shim = (args: string[]) => {
      try {
        execFileSync(defaultShimPath(), ['hooks', '--type', 'clone', '--name', 'c1', ...args, '--', `id -u > ${mark()}`], { stdio: 'pipe' });
        return 'ok';
      } catch (e) {
        return String((e as { stderr: Buffer }).stderr);
      }
    };
    expect(shim(['--uid', '0', '--gid', '0'])).toMatch(/--uid 0 is refused/);
    expect(shim(['--uid', '65534'])).toMatch(/--uid and --gid go together/);
    expect(shim(['--uid', '12x', '--gid', '1'])).toMatch(/--uid `12x`: not an id/);
    expect(shim(['--uid', '-1', '--gid', '1'])).toMatch(/--uid `-1`: not an id/);
    expect(existsSync(mark())).toBe(false);
  });

  it('runs as the caller without ids, as the owner with hers', async () => {
    await runHooks(base());
    expect(readFileSync(mark(), 'utf8')).toBe('0\n');
    rmSync(mark());
    execFileSync('chmod', ['777', dir]);
    await runHooks(base({ user: { uid: 65534, gid: 65534 }, hooks: [`id -u > ${mark()}; id -G >> ${mark()}`] }));
    expect(readFileSync(mark(), 'utf8')).toBe('65534\n65534\n');
  });
});
