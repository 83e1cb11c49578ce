import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTar } from '../../../../test/fixtures/image-server/crafted-tar';
import { extractArchive, isUnsafeMember, listMembers } from './tar-archive';
import { TemplateUnsafeArchiveError } from './template.errors';

describe('tar archive handling', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'lxcbus-tar-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('flags absolute names and .. components only', () => {
    expect(['/etc/x', '../x', 'a/../../x', 'a/..', '..'].map(isUnsafeMember)).toEqual([true, true, true, true, true]);
    expect(['./etc/x', 'etc/..x', 'a..b/c', './'].map(isUnsafeMember)).toEqual([false, false, false, false]);
  });

  it.each([['xz', '-cJf'], ['gzip', '-czf'], ['bzip2', '-cjf'], ['none', '-cf']])(
    'detects %s compression on extraction and honours anchored excludes',
    async (_kind, flag) => {
      const src = path.join(tmp, 'src');
      mkdirSync(path.join(src, 'dev'), { recursive: true });
      writeFileSync(path.join(src, 'keep'), 'k');
      writeFileSync(path.join(src, 'dev', 'null'), 'n');
      const archive = path.join(tmp, 'a.tar');
      execFileSync('tar', [flag, archive, '-C', src, '.']);
      expect(await listMembers(archive)).toEqual(expect.arrayContaining(['./keep', './dev/null']));
      const dest = path.join(tmp, 'dest', 'rootfs');
      await extractArchive(archive, dest, { template: 't', excludes: ['./dev/null'] });
      expect(readFileSync(path.join(dest, 'keep'), 'utf8')).toBe('k');
      expect(() => readFileSync(path.join(dest, 'dev', 'null'))).toThrow();
    },
  );
});

describe('tar archive safety beyond names', () => {
  let tmp: string;
  beforeEach(() => (tmp = mkdtempSync(path.join(os.tmpdir(), 'lxcbus-tar2-'))));
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a write through a symlink the archive made, before creating the target', async () => {
    const archive = writeTar(path.join(tmp, 'evil.tar.xz'), [{ name: 'etc', type: 'symlink', linkname: tmp }, { name: 'etc/planted', body: 'x' }]);
    const dest = path.join(tmp, 'dest');
    await expect(extractArchive(archive, dest, { template: 'local' })).rejects.toThrow(TemplateUnsafeArchiveError);
    await expect(extractArchive(archive, dest, { template: 'local' })).rejects.toThrow(/through the symlink "etc"/);
    expect(existsSync(dest)).toBe(false);
    expect(existsSync(path.join(tmp, 'planted'))).toBe(false);
  });
});
