import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { linkCounters } from './link-counters';

describe('link counters', () => {
  it('names a veth by its host end and swaps RX/TX to the container\'s view; a missing link is left out', async () => {
    const sys = mkdtempSync(join(tmpdir(), 'sysnet-'));
    try {
      mkdirSync(join(sys, 'vethAbc1234', 'statistics'), { recursive: true });
      writeFileSync(join(sys, 'vethAbc1234', 'statistics', 'rx_bytes'), '672\n');
      writeFileSync(join(sys, 'vethAbc1234', 'statistics', 'tx_bytes'), '266\n');
      const rec = {
        ips: [],
        nics: [
          { index: 0, type: 'veth' as const, name: 'eth0', link: 'lxcbr0', host: 'vethAbc1234' },
          { index: 1, type: 'veth' as const, name: 'eth1', link: 'lxcbr0', host: 'vethGone000' },
        ],
      };
      expect(await linkCounters(rec, sys)).toEqual([{ name: 'vethAbc1234', txBytes: 672, rxBytes: 266 }]);
    } finally {
      rmSync(sys, { recursive: true, force: true });
    }
  });
});
