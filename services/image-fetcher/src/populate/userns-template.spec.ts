import { RootlessUnsupportedError } from '@lxcbus/contracts';
import { assertRootlessTemplate, populatesInUserns, usernsexecArgs } from './userns-template';

const maps = [{ kind: 'u' as const, nsid: 0, hostid: 100000, range: 65536 }, { kind: 'g' as const, nsid: 0, hostid: 100000, range: 65536 }];

describe('rootless populate', () => {
  it('runs the template in a user namespace only for an unprivileged image-fetcher with maps', () => {
    expect(populatesInUserns(maps, 1001)).toBe(true);
    expect(populatesInUserns(maps, 0)).toBe(false);
    expect(populatesInUserns([], 1001)).toBe(false);
  });

  it("asks lxc-usernsexec's mode for the container's maps plus her own ids", () => {
    expect(usernsexecArgs(maps, ['node', 'main.js'])).toEqual(['usernsexec', '-m', 'u:0:100000:65536', '-m', 'g:0:100000:65536', '-s', '--', 'node', 'main.js']);
  });

  it('runs busybox and local rootless, and refuses download with ROOTLESS_UNSUPPORTED', () => {
    expect(() => assertRootlessTemplate('busybox')).not.toThrow();
    expect(() => assertRootlessTemplate('local')).not.toThrow();
    expect(() => assertRootlessTemplate('download')).toThrow(RootlessUnsupportedError);
  });
});
