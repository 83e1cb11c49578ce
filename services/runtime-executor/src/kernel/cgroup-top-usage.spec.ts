import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blkioV1, ioStatV2, keyed, readTopUsage } from './cgroup-top-usage';

describe('lxc-top figures from cgroup files', () => {
  let root: string;
  beforeEach(() => { root = mkdtempSync(join(tmpdir(), 'topusage-')); });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const put = (rel: string, text: string) => {
    mkdirSync(join(root, rel, '..'), { recursive: true });
    writeFileSync(join(root, rel), text);
  };

  it('parses keyed lines and blkio sums', () => {
    expect(keyed('user 12\nsystem 34\n', 'system')).toBe(34);
    expect(keyed('user_usec 5\n', 'usage_usec')).toBeUndefined();
    expect(blkioV1('8:0 Read 100\n8:0 Write 5\n8:16 Read 1\n8:0 Total 105\nTotal 106\n')).toEqual({ read: 101, write: 5, total: 106 });
    expect(ioStatV2('8:0 rbytes=10 wbytes=20 rios=1\n8:16 rbytes=1 wbytes=2\n')).toEqual({ read: 11, write: 22 });
  });

  it('reads v1 files where the v1 controllers are', async () => {
    put('cpuacct/lxcbus/c/cpuacct.stat', 'user 7\nsystem 3\n');
    put('memory/lxcbus/c/memory.usage_in_bytes', '4096\n');
    put('memory/lxcbus/c/memory.memsw.usage_in_bytes', '8192\n');
    put('blkio/lxcbus/c/blkio.throttle.io_service_bytes', '7:0 Read 512\n7:0 Write 1024\nTotal 1536\n');
    put('blkio/lxcbus/c/blkio.throttle.io_serviced', '7:0 Read 2\n7:0 Write 3\nTotal 5\n');
    expect(await readTopUsage(root, 'lxcbus/c')).toEqual({
      cpuUserTicks: 7, cpuSysTicks: 3, blkioReadBytes: 512, blkioWriteBytes: 1024, blkioIos: 5, memswBytes: 8192,
    });
  });

  it('reads cgroup2 files otherwise, converting microseconds to USER_HZ ticks', async () => {
    put('lxcbus/c/cpu.stat', 'usage_usec 3000000\nuser_usec 2000000\nsystem_usec 1005000\n');
    put('lxcbus/c/io.stat', '8:0 rbytes=10 wbytes=20\n');
    put('lxcbus/c/memory.swap.current', '0\n');
    put('lxcbus/c/memory.stat', 'anon 1\nkernel 65536\n');
    expect(await readTopUsage(root, 'lxcbus/c')).toEqual({
      cpuUserTicks: 200, cpuSysTicks: 100, blkioReadBytes: 10, blkioWriteBytes: 20, memswBytes: 0, kmemBytes: 65536,
    });
  });
});
