import { topRow } from './top.service';

describe('lxc-top rows', () => {
  it('keeps the figures lxc-top shows and drops the rest', () => {
    expect(topRow('c1', {
      owner: 'root', name: 'c1', lxcpath: '/x', cpuNs: 5, memBytes: 10, cpuUserTicks: 1, cpuSysTicks: 2, blkioIos: 3, swapBytes: 9,
      links: [{ name: 'eth0', txBytes: 1, rxBytes: 2 }],
    })).toEqual({ name: 'c1', cpuNs: 5, memBytes: 10, cpuUserTicks: 1, cpuSysTicks: 2, blkioIos: 3 });
  });

  it('lists a container without figures when its host did not answer', () => {
    expect(topRow('c2', undefined)).toEqual({ name: 'c2' });
  });
});
