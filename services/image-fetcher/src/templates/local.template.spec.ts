import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BusyboxTemplate } from './busybox.template';
import { LocalTemplate } from './local.template';
import {
  TemplateBadArchiveError,
  TemplateBadArgsError,
  TemplateUnsafeArchiveError,
} from './template.errors';
import type { TemplateRequest } from './template.types';

const LXC_CREATE = ['/usr/bin/lxc-create', '/usr/local/bin/lxc-create'].find((p) => existsSync(p));
const CAN_RUN_REAL = process.getuid?.() === 0 && LXC_CREATE !== undefined;
/** The busybox rootfs has a 0644 etc/udhcpc dir, which a non-root test cannot descend to delete. */
function removeTree(dir: string): void {
  execFileSync('chmod', ['-R', 'u+rwX', dir]);
  rmSync(dir, { recursive: true, force: true });
}
const REAL_REASON = CAN_RUN_REAL ? '' : ' [skipped: needs root and lxc-create]';

const IMAGE_CONFIG = 'lxc.include = LXC_TEMPLATE_CONFIG/common.conf\nlxc.arch = x86_64\n# hooks LXC_HOOK_DIR path LXC_PATH rootfs LXC_ROOTFS\n';
const CREATE_MESSAGE = 'Hello LXC_NAME\nsecond line\n';

const metaTemps = () => readdirSync(os.tmpdir()).filter((n) => n.startsWith('lxcbus-meta-'));

describe('LocalTemplate', () => {
  let tmp: string;
  let rootfsXz: string;
  let rootfsGz: string;
  let meta: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'lxcbus-local-'));
    const src = path.join(tmp, 'src');
    await new BusyboxTemplate().create({ name: 'src', lxcpath: tmp, containerDir: src, rootfs: path.join(src, 'rootfs'), args: [], config: [] });
    writeFileSync(path.join(src, 'rootfs/etc/hostname'), 'LXC_NAME\n');
    chmodSync(path.join(src, 'rootfs/etc/udhcpc'), 0o755); // so a non-root test can tar it
    rootfsXz = path.join(tmp, 'rootfs.tar.xz');
    rootfsGz = path.join(tmp, 'rootfs.tar.gz');
    execFileSync('tar', ['--numeric-owner', '-cJf', rootfsXz, '-C', path.join(src, 'rootfs'), '.']);
    execFileSync('tar', ['--numeric-owner', '-czf', rootfsGz, '-C', path.join(src, 'rootfs'), '.']);
    meta = makeMeta('meta', { config: IMAGE_CONFIG, templates: '/etc/hostname\n/etc/missing\n', 'create-message': CREATE_MESSAGE });
  });
  afterAll(() => removeTree(tmp));

  function makeMeta(name: string, files: Record<string, string>, tarArgs: string[] = []): string {
    const dir = path.join(tmp, `${name}.d`);
    mkdirSync(dir);
    for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, f), text);
    const file = path.join(tmp, `${name}.tar.xz`);
    execFileSync('tar', [...tarArgs, '-cJf', file, '-C', dir, '.'], { stdio: 'pipe' });
    return file;
  }

  function request(name: string, args: string[], extra: Partial<TemplateRequest> = {}): TemplateRequest {
    const lxcpath = path.join(tmp, 'ours');
    const containerDir = path.join(lxcpath, name);
    mkdirSync(containerDir, { recursive: true });
    const rootfs = path.join(containerDir, 'rootfs');
    return { name, lxcpath, containerDir, rootfs, args, config: ['lxc.net.0.type = empty', `lxc.rootfs.path = dir:${rootfs}`], ...extra };
  }

  (CAN_RUN_REAL ? it : it.skip)(`writes the config and message real lxc-create -t local does${REAL_REASON}`, async () => {
    const realPath = path.join(tmp, 'real');
    const conf = path.join(tmp, 'c.conf');
    writeFileSync(conf, '# a comment about lxc.x\nlxc.net.0.type = empty\nlxc.apparmor.profile = unconfined\n');
    const out = execFileSync(LXC_CREATE!, ['-P', realPath, '-f', conf, '-t', 'local', '-n', 'l1', '--', '-m', meta, '-f', rootfsXz]).toString();
    try {
      const lines: string[] = [];
      const req = request('l1', ['--metadata', meta, '--fstree', rootfsXz]);
      const ours = await new LocalTemplate().create({ ...req, config: ['# a comment about lxc.x', 'lxc.net.0.type = empty', 'lxc.apparmor.profile = unconfined', `lxc.rootfs.path = dir:${req.rootfs}`] }, (l) => lines.push(l));
      const real = readFileSync(path.join(realPath, 'l1', 'config'), 'utf8').trimEnd().split('\n');
      const header = real.indexOf('# (Be aware this has security implications)');
      expect(ours.config).toEqual(real.slice(header + 2).map((l) => l.split(realPath).join(req.lxcpath)));
      expect(`${lines.join('\n')}\n\n---\n${ours.message}`).toBe(out);
      const hostname = (p: string) => readFileSync(path.join(p, 'etc/hostname'), 'utf8');
      expect(hostname(req.rootfs)).toBe(hostname(path.join(realPath, 'l1', 'rootfs')));
    } finally {
      execFileSync('lxc-destroy', ['-P', realPath, '-n', 'l1'], { stdio: 'pipe' });
      rmSync(`/run/lxc/lock${tmp}`, { recursive: true, force: true }); // lock files LXC leaves behind
    }
  });

  it('unpacks a gzip rootfs, renders templates and orders the config like lxc-local', async () => {
    const before = metaTemps();
    const req = request('l2', ['-m', meta, `--fstree=${rootfsGz}`]);
    const result = await new LocalTemplate().create(req);
    expect(readFileSync(path.join(req.rootfs, 'etc/hostname'), 'utf8')).toBe('l2\n');
    expect(existsSync(path.join(req.rootfs, 'dev/pts'))).toBe(true);
    expect(existsSync(path.join(req.rootfs, 'bin/busybox'))).toBe(true);
    expect(result.message).toBe(CREATE_MESSAGE);
    expect(result.config).toEqual([
      '', '# Distribution configuration',
      'lxc.include = /usr/share/lxc/config/common.conf', 'lxc.arch = x86_64',
      `# hooks /usr/share/lxc/hooks path ${req.containerDir} rootfs ${req.rootfs}`,
      '', '# Container specific configuration',
      `lxc.rootfs.path = dir:${req.rootfs}`, 'lxc.uts.name = l2',
      '', '# Network configuration', 'lxc.net.0.type = empty',
    ]);
    expect(metaTemps()).toEqual(before);
  });

  it('picks config-user in user mode and installs an fstab beside the config', async () => {
    const m = makeMeta('meta-user', { config: 'lxc.arch = x86_64\n', 'config-user': 'lxc.include = LXC_TEMPLATE_CONFIG/userns.conf\n', fstab: 'x LXC_ROOTFS/mnt none bind 0 0\n' });
    const req = request('l3', ['-m', m, '-f', rootfsXz], { mode: 'user' });
    const result = await new LocalTemplate().create(req);
    expect(result.config).toContain('lxc.include = /usr/share/lxc/config/userns.conf');
    expect(result.config).not.toContain('lxc.arch = x86_64');
    expect(result.config).toContain(`lxc.mount.fstab = ${req.containerDir}/fstab`);
    expect(readFileSync(path.join(req.containerDir, 'fstab'), 'utf8')).toBe(`x ${req.rootfs}/mnt none bind 0 0\n`);
    expect(result.message).toBeUndefined();
  });

  it.each([
    ['../x', 's,^,../,'],
    ['/etc/x', 's,^,/etc/,'],
    ['a/../../x', 's,^,a/../../,'],
  ])('refuses a rootfs tarball with member %s and writes nothing', async (member, transform) => {
    const file = path.join(tmp, 'x');
    writeFileSync(file, 'evil');
    const evil = path.join(tmp, `evil-${member.length}.tar`);
    execFileSync('tar', ['-P', `--transform=${transform}`, '-cf', evil, '-C', tmp, 'x'], { stdio: 'pipe' });
    const req = request(`e${member.length}`, ['-m', meta, '-f', evil]);
    await expect(new LocalTemplate().create(req)).rejects.toMatchObject({ code: 'TEMPLATE_UNSAFE_ARCHIVE', member });
    expect(existsSync(req.rootfs)).toBe(false);
    expect(existsSync(path.join(req.containerDir, 'x'))).toBe(false);
  });

  it('refuses a meta tarball with a hostile member and a templates entry leaving the rootfs', async () => {
    const evilMeta = path.join(tmp, 'evil-meta.tar');
    execFileSync('tar', ['-P', '--transform=s,^,../,', '-cf', evilMeta, '-C', meta.replace(/\.tar\.xz$/, '.d'), 'config'], { stdio: 'pipe' });
    await expect(new LocalTemplate().create(request('e4', ['-m', evilMeta, '-f', rootfsXz]))).rejects.toBeInstanceOf(TemplateUnsafeArchiveError);
    const m = makeMeta('meta-escape', { config: '', templates: '/etc/../../../etc/passwd\n' });
    await expect(new LocalTemplate().create(request('e5', ['-m', m, '-f', rootfsXz]))).rejects.toMatchObject({ code: 'TEMPLATE_UNSAFE_ARCHIVE' });
  });

  it('does not render a templates entry that is a symlink out of the rootfs', async () => {
    const outside = path.join(tmp, 'outside.txt');
    writeFileSync(outside, 'LXC_NAME stays\n');
    const src = path.join(tmp, 'linkroot');
    mkdirSync(path.join(src, 'etc'), { recursive: true });
    symlinkSync(outside, path.join(src, 'etc/hostname'));
    const tarball = path.join(tmp, 'linkroot.tar.gz');
    execFileSync('tar', ['-czf', tarball, '-C', src, '.']);
    const m = makeMeta('meta-link', { config: '', templates: '/etc/hostname\n' });
    await new LocalTemplate().create(request('s1', ['-m', m, '-f', tarball]));
    expect(readFileSync(outside, 'utf8')).toBe('LXC_NAME stays\n');
  });

  it('fails with typed errors for missing or unreadable inputs', async () => {
    const before = metaTemps();
    const t = new LocalTemplate();
    await expect(t.create(request('b1', ['-m', meta]))).rejects.toBeInstanceOf(TemplateBadArgsError);
    await expect(t.create(request('b2', ['-m', path.join(tmp, 'nope.tar.xz'), '-f', rootfsXz]))).rejects.toMatchObject({ code: 'TEMPLATE_BAD_ARGS' });
    await expect(t.create(request('b3', ['-m', meta, '-f', rootfsXz, '--name', 'x']))).rejects.toMatchObject({ code: 'TEMPLATE_BAD_ARGS' });
    const notTar = path.join(tmp, 'not-a-tarball');
    writeFileSync(notTar, 'plain text');
    await expect(t.create(request('b4', ['-m', notTar, '-f', rootfsXz]))).rejects.toBeInstanceOf(TemplateBadArchiveError);
    const noConfig = makeMeta('meta-noconfig', { templates: '/etc/hostname\n' });
    await expect(t.create(request('b5', ['-m', noConfig, '-f', rootfsXz]))).rejects.toMatchObject({
      code: 'TEMPLATE_BAD_ARCHIVE',
      message: expect.stringContaining('missing the configuration file'),
    });
    await expect(t.create(request('b6', ['-m', meta, '-f', notTar]))).rejects.toMatchObject({ code: 'TEMPLATE_BAD_ARCHIVE' });
    expect(metaTemps()).toEqual(before);
  });

  it('prints usage for -h and fails, as lxc-local exits 1', async () => {
    const lines: string[] = [];
    await expect(new LocalTemplate().create(request('h', ['-h']), (l) => lines.push(l))).rejects.toMatchObject({
      code: 'TEMPLATE_BAD_ARGS',
      usage: expect.stringContaining('--metadata'),
    });
    expect(lines[0]).toBe('LXC container image downloader');
  });
});
