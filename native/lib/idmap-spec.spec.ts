import { InvalidArgumentError } from './errors';
import { idmapSpecLines, MAX_IDMAP_EXTENTS, validateIdmaps } from './idmap-spec';
import { parseSpecLines, serializeSpec } from './spec-file';
import type { ContainerSpec, IdMapSpec } from './types';

const u = (nsid: number, hostid: number, range: number): IdMapSpec => ({ kind: 'u', nsid, hostid, range });

describe('idmap spec keys', () => {
  it('writes one idmap line per map and the writer, nothing without maps', () => {
    expect(idmapSpecLines({})).toEqual([]);
    expect(idmapSpecLines({ idmaps: [u(0, 100000, 65536), { kind: 'g', nsid: 0, hostid: 100000, range: 65536 }] })).toEqual([
      ['idmap', 'u 0 100000 65536'], ['idmap', 'g 0 100000 65536'], ['idmap.writer', 'auto'],
    ]);
    const spec = { name: 'c1', lxcpath: '/l', rootfs: '/l/c1/rootfs', init: ['/sbin/init'], env: [], cgroupRoot: '/sys/fs/cgroup',
      cgroupName: 'c1', runDir: '/run/x', idmaps: [u(0, 200000, 10)], idmapWriter: 'direct' } satisfies ContainerSpec;
    expect(parseSpecLines(serializeSpec(spec)).get('idmap.writer')).toEqual(['direct']);
  });

  it('refuses what the kernel would', () => {
    expect(() => validateIdmaps([u(0, 100000, 0)], undefined)).toThrow(InvalidArgumentError);
    expect(() => validateIdmaps([u(0, 4294967290, 10)], undefined)).toThrow(/end before/);
    expect(() => validateIdmaps([{ kind: 'b', nsid: 0, hostid: 1, range: 1 }], undefined)).toThrow(/u or g/);
    expect(() => validateIdmaps([u(0, 1, 1)], 'shadow')).toThrow(/auto or direct/);
    expect(() => validateIdmaps(Array.from({ length: MAX_IDMAP_EXTENTS + 1 }, (_, i) => u(i, 100000 + i, 1)), 'auto')).toThrow(/340/);
    expect(() => validateIdmaps([u(0, 100000, 65536)], 'auto')).not.toThrow();
  });
});
