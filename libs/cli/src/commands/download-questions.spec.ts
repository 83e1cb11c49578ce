import { PassThrough } from 'node:stream';
import type { CliContext } from '../cli-context';
import type { ToolIo } from './command';
import { bar } from './create-progress';
import { listing, planDownload } from './download-questions';

const ROWS = [{ dist: 'alpine', release: '3.20', arch: 'amd64', variant: 'default', build: '20250101_00:00' }];

function io(input: string): { io: ToolIo; out: () => string } {
  const stdin = new PassThrough();
  stdin.end(input);
  let text = '';
  const stdout = { write: (s: string) => ((text += s), true) };
  return { io: { stdin, stdout, stderr: stdout } as unknown as ToolIo, out: () => text };
}

function ctxReplying(reply: object, sent: object[]): CliContext {
  return { bus: { command: async (_verb: string, body: object) => (sent.push(body), { ok: true, ...reply }) } } as unknown as CliContext;
}

describe('download questions (lxc-download interactive mode, asked by the CLI)', () => {
  it('prints LXC 5.0\'s tab-separated list', () => {
    expect(listing({ list: true, missing: [], images: ROWS, server: 's' })).toBe(
      'Downloading the image index\n\n---\nDIST\tRELEASE\tARCH\tVARIANT\tBUILD\n---\nalpine\t3.20\tamd64\tdefault\t20250101_00:00\n---\n');
  });

  it('asks only what is missing and passes the answers on as -d/-r/-a', async () => {
    const t = io('alpine\namd64\n');
    const sent: object[] = [];
    const plan = await planDownload(ctxReplying({ list: false, missing: ['dist', 'arch'], images: ROWS, server: 's' }, sent), ['-r', '3.20'], t.io);
    expect(plan).toEqual({ kind: 'create', templateArgs: ['-r', '3.20', '-d', 'alpine', '-a', 'amd64'] });
    expect(sent).toEqual([{ templateArgs: ['-r', '3.20'] }]);
    expect(t.out()).toMatch(/---\n\nDistribution: \nArchitecture: \n\n$/);
  });

  it('stops after the list for --list, and goes straight on when nothing is missing', async () => {
    expect(await planDownload(ctxReplying({ list: true, missing: [], images: ROWS, server: 's' }, []), ['--list'], io('').io)).toEqual({ kind: 'listed' });
    const quiet = io('');
    expect(await planDownload(ctxReplying({ list: false, missing: [], images: [], server: 's' }, []), ['-d', 'a'], quiet.io)).toEqual({ kind: 'create', templateArgs: ['-d', 'a'] });
    expect(quiet.out()).toBe('');
  });

  it('draws a bar for known totals and a counter otherwise', () => {
    expect(bar('rootfs', 1 << 20, 2 << 20)).toBe(`rootfs [${'#'.repeat(15)}${' '.repeat(15)}]  50% 1.0/2.0 MiB`);
    expect(bar('rootfs', 3 << 20, undefined)).toBe('rootfs 3.0 MiB');
  });
});
