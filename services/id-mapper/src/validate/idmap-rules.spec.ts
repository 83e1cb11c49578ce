import { BadRequestError, ForbiddenError, type IdmapEntry } from '@lxcbus/contracts';
import { checkIdmaps, covered, MAX_EXTENTS, type IdmapPolicy } from './idmap-rules';

const u = (nsid: number, hostid: number, range: number): IdmapEntry => ({ kind: 'u', nsid, hostid, range });
const g = (nsid: number, hostid: number, range: number): IdmapEntry => ({ kind: 'g', nsid, hostid, range });

const alice: IdmapPolicy = {
  owner: 'alice',
  delegated: { u: [{ start: 200000, count: 65536 }, { start: 265536, count: 1000 }], g: [{ start: 200000, count: 65536 }] },
  ownIds: { u: 1000, g: 1000 },
  files: { u: '/etc/subuid', g: '/etc/subgid' },
};
const root: IdmapPolicy = { ...alice, owner: 'root', delegated: { u: [{ start: 100000, count: 65536 }], g: [] }, ownIds: { u: 0, g: 0 } };

function thrown(run: () => unknown): any {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error('did not throw');
}

describe('checkIdmaps for an ordinary owner', () => {
  it('accepts maps inside the delegated ranges, across adjacent subuid lines, and the own uid/gid', () => {
    expect(checkIdmaps([u(0, 200000, 65536), g(0, 200000, 65536)], alice)).toEqual([]);
    expect(checkIdmaps([u(0, 200000, 66536), g(0, 200000, 10)], alice)).toEqual([]);
    expect(checkIdmaps([u(0, 200000, 1000), u(1000, 1000, 1), g(0, 200000, 1000), g(1000, 1000, 1)], alice)).toEqual([]);
  });

  it('refuses a host range outside the delegation, naming the file and the range', () => {
    const err = thrown(() => checkIdmaps([u(0, 100000, 65536)], alice));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.message).toBe('lxc.idmap = u 0 100000 65536: host uids 100000-165535 are not delegated to alice in /etc/subuid');
    expect(err.details).toMatchObject({ file: '/etc/subuid', owner: 'alice', hostRange: { start: 100000, count: 65536 } });
    const gerr = thrown(() => checkIdmaps([u(0, 200000, 10), g(0, 200000, 65537)], alice));
    expect(gerr.details.file).toBe('/etc/subgid');
  });

  it('allows the own uid only with count 1', () => {
    expect(thrown(() => checkIdmaps([u(0, 1000, 2), g(0, 200000, 10)], alice))).toBeInstanceOf(ForbiddenError);
  });
});

describe('checkIdmaps structure (every owner)', () => {
  it.each([
    ['container ids overlap', [u(0, 200000, 100), u(50, 200200, 10)], 'nsid'],
    ['host ids overlap', [u(0, 200000, 100), u(100, 200050, 10)], 'hostid'],
  ])('refuses %s', (_what, maps, overlap) => {
    for (const policy of [alice, root]) {
      const err = thrown(() => checkIdmaps(maps, policy));
      expect(err).toBeInstanceOf(BadRequestError);
      expect(err.details.overlap).toBe(overlap);
    }
  });

  it('judges overlap per kind: a u and a g map may use the same ranges', () => {
    expect(checkIdmaps([u(0, 200000, 10), g(0, 200000, 10)], alice)).toEqual([]);
  });

  it('refuses a kind that leaves container id 0 unmapped; only root may leave a kind out', () => {
    const err = thrown(() => checkIdmaps([u(1, 200000, 10), g(0, 200000, 10)], alice));
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.message).toMatch(/container uid 0/);
    expect(checkIdmaps([u(0, 100000, 10)], root)).toEqual([]);
    const left = thrown(() => checkIdmaps([u(0, 200000, 10)], alice));
    expect(left).toBeInstanceOf(BadRequestError);
    expect(left.details).toMatchObject({ kind: 'g', file: '/etc/subgid' });
    expect(thrown(() => checkIdmaps([], alice)).details.kind).toBe('u');
  });

  it('refuses ranges past the last id and more lines than the kernel takes', () => {
    expect(thrown(() => checkIdmaps([u(0, 4294967290, 10)], root))).toBeInstanceOf(BadRequestError);
    const many = Array.from({ length: MAX_EXTENTS + 1 }, (_, i) => u(i, 200000 + i, 1));
    expect(thrown(() => checkIdmaps(many, root)).details.max).toBe(MAX_EXTENTS);
  });
});

describe('checkIdmaps for root', () => {
  it('refuses ranges root has not delegated to itself, as newuidmap would under LXC', () => {
    expect(checkIdmaps([u(0, 100000, 65536)], root)).toEqual([]);
    const err = thrown(() => checkIdmaps([u(0, 300000, 65536)], root));
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err.message).toBe('lxc.idmap = u 0 300000 65536: host uids 300000-365535 are not delegated to root in /etc/subuid');
  });
  it('accepts any range when the map includes host id 0 (LXC writes such maps directly)', () => {
    expect(checkIdmaps([u(0, 0, 1), u(1, 300000, 10)], root)).toEqual([]);
  });
});
describe('covered', () => {
  it('joins adjacent and overlapping ranges and sees gaps', () => {
    const r = [{ start: 10, count: 10 }, { start: 20, count: 5 }, { start: 30, count: 5 }];
    expect(covered({ start: 10, count: 15 }, r)).toBe(true);
    expect(covered({ start: 12, count: 20 }, r)).toBe(false);
    expect(covered({ start: 9, count: 2 }, r)).toBe(false);
    expect(covered({ start: 30, count: 5 }, r)).toBe(true);
  });
});
