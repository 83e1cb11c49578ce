import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCgroupUsage } from './cgroup-usage';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'cg-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

describe('readCgroupUsage', () => {
  const roots: string[] = [];
  afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

  it('reads cgroup v1 files like lxc-info', async () => {
    const root = tree({
      'cpuacct/lxcbus/c/cpuacct.usage': '40000000\n',
      'memory/lxcbus/c/memory.usage_in_bytes': '958464\n',
      'memory/lxcbus/c/memory.kmem.usage_in_bytes': '634880\n',
      'blkio/lxcbus/c/blkio.throttle.io_service_bytes': '8:0 Read 4096\n8:0 Total 4096\nTotal 8192\n',
    });
    roots.push(root);
    expect(await readCgroupUsage(root, 'lxcbus/c')).toEqual({
      cpuNs: 40000000, memBytes: 958464, kmemBytes: 634880, blkioBytes: 8192, swapBytes: undefined,
    });
  });

  it('reads cgroup v2 files when no v1 controller is there', async () => {
    const root = tree({
      'lxcbus/c/cpu.stat': 'usage_usec 1500\nuser_usec 1000\n',
      'lxcbus/c/memory.current': '2048\n',
      'lxcbus/c/io.stat': '8:0 rbytes=100 wbytes=28 rios=1 wios=1\n',
    });
    roots.push(root);
    expect(await readCgroupUsage(root, 'lxcbus/c')).toEqual({ cpuNs: 1500000, memBytes: 2048, blkioBytes: 128, swapBytes: undefined });
  });

  it('omits what is missing', async () => {
    const root = tree({});
    roots.push(root);
    expect(await readCgroupUsage(root, 'nothing')).toEqual({ cpuNs: undefined, memBytes: undefined, blkioBytes: undefined, swapBytes: undefined });
  });
});
