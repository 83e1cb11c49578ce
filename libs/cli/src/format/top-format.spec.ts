import { BATCH_HEADER, batchRow, header, screen, screenRow, sizeHumanize, sortRows, totalOf, figures } from './top-format';

describe('lxc-top formatting (as lxc_top.c of LXC 5.0.2)', () => {
  it('humanizes sizes with size_humanize rounding', () => {
    expect(sizeHumanize(0)).toBe('  0.00   ');
    expect(sizeHumanize(1024)).toBe('1024.00   ');
    expect(sizeHumanize(598016)).toBe('584.00 KiB');
    expect(sizeHumanize(364544)).toBe('356.00 KiB');
    expect(sizeHumanize(1090519)).toBe('1.04 MiB');
    expect(sizeHumanize(3 * 2 ** 30 + 2 ** 29)).toBe('3.49 GiB');
  });

  // Captured from real lxc-top -d 1 with one busybox container (rd1) on a cgroup v1 host.
  const rd1 = { name: 'rd1', cpuNs: 14437565, cpuSysTicks: 1, cpuUserTicks: 0, blkioBytes: 0, memBytes: 598016, memswBytes: 598016, kmemBytes: 364544 };
  const realRow = 'rd1                        0.01         0.01         0.00         0.00   (  0.00   /  0.00   ) 584.00 KiB 584.00 KiB 356.00 KiB';
  const realHeader = '\x1b[7m\x1b[1mContainer                   CPU          CPU          CPU                                BlkIO        Mem      MemSw       KMem\n'
    + 'Name                       Used          Sys         User                    Total(Read/Write)       Used       Used       Used\n\x1b[0m';

  it('prints the header, rows and TOTAL byte for byte', () => {
    const t = totalOf([rd1]);
    expect(header(t)).toBe(realHeader);
    expect(screenRow('rd1', figures(rd1), t)).toBe(realRow);
    expect(screen([rd1], 37)).toBe(`\x1b[H\x1b[J${realHeader}${realRow}\n${realRow.replace('rd1               ', 'TOTAL 1 of 1      ')}`);
  });

  it('drops the MemSw and KMem columns when their totals are zero, and cuts rows to the screen', () => {
    const plain = { name: 'c', cpuNs: 1e9, memBytes: 2048 };
    expect(header(totalOf([plain]))).not.toContain('MemSw');
    expect(header(totalOf([plain]))).not.toContain('KMem');
    expect(screen([plain, { ...plain, name: 'd' }], 1)).toContain('TOTAL 1 of 2');
    expect(screen([plain], -3)).toContain('TOTAL 0 of 1');
  });

  it('prints batch lines in the CSV column order, zeros for missing figures', () => {
    expect(BATCH_HEADER.split(',')).toHaveLength(10);
    expect(batchRow(1795959429799, rd1)).toBe('1795959429799,rd1,14437565,1,0,0,0,598016,598016,364544\n');
    expect(batchRow(5, { name: 'x' })).toBe('5,x,0,0,0,0,0,0,0,0\n');
  });

  it('sorts like LXC: names ascending, figures descending, -r flips both', () => {
    const rows = [{ name: 'b', cpuNs: 1, memBytes: 30 }, { name: 'a', cpuNs: 3, memBytes: 10 }, { name: 'c', cpuNs: 2, memBytes: 20 }];
    expect(sortRows(rows, 'n', false).map((r) => r.name)).toEqual(['a', 'b', 'c']);
    expect(sortRows(rows, 'n', true).map((r) => r.name)).toEqual(['c', 'b', 'a']);
    expect(sortRows(rows, 'c', false).map((r) => r.name)).toEqual(['a', 'c', 'b']);
    expect(sortRows(rows, 'm', true).map((r) => r.name)).toEqual(['a', 'c', 'b']);
  });
});
