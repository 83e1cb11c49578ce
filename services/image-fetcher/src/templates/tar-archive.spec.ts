import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { extractArchive, isUnsafeMember, listMembers } from './tar-archive';

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
