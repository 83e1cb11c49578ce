import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isContainerDir } from './container-dir';

describe('isContainerDir: a path as the container resolves it', () => {
  let host: string;
  let root: string;

  beforeAll(() => {
    host = mkdtempSync(join(tmpdir(), 'lxcbus-cdir-'));
    root = join(host, 'rootfs');
    mkdirSync(join(root, 'run/app'), { recursive: true });
    mkdirSync(join(root, 'var'), { recursive: true });
    mkdirSync(join(host, 'only-on-host'), { recursive: true });
    writeFileSync(join(root, 'file'), '');
    symlinkSync('/run', join(root, 'var/run')); // absolute: the container's /run
    symlinkSync('../run/app', join(root, 'var/app'));
    symlinkSync('/only-on-host', join(root, 'escape'));
    symlinkSync('loop', join(root, 'loop'));
  });

  afterAll(() => rmSync(host, { recursive: true, force: true }));

  it('finds plain directories, not files or missing ones', async () => {
    expect(await isContainerDir(root, '/')).toBe(true);
    expect(await isContainerDir(root, '/run/app')).toBe(true);
    expect(await isContainerDir(root, '/file')).toBe(false);
    expect(await isContainerDir(root, '/nope/x')).toBe(false);
    expect(await isContainerDir(root, 'run')).toBe(false);
  });

  it('follows links inside the container: absolute ones from its own /, never out of it', async () => {
    expect(await isContainerDir(root, '/var/run/app')).toBe(true);
    expect(await isContainerDir(root, '/var/app')).toBe(true);
    expect(await isContainerDir(root, '/escape')).toBe(false);
    expect(await isContainerDir(root, '/../../only-on-host')).toBe(false);
    expect(await isContainerDir(root, '/loop')).toBe(false);
  });
});
