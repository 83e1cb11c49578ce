import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parseStopArgs } from '../args/stop-args';
import type { ToolIo } from '../commands/command';
import { runTool } from '../run-tool';

let dir: string;
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'lxcbus-runlog-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const STOP_117 = 'lxc-stop: c1: ../src/lxc/tools/lxc_stop.c: main: 117 Invalid timeout\n';

function fakeIo(): { io: ToolIo; err: () => string; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let o = '';
  let e = '';
  stdout.on('data', (d) => { o += String(d); });
  stderr.on('data', (d) => { e += String(d); });
  return { io: { stdin: process.stdin, stdout, stderr } as unknown as ToolIo, err: () => e, out: () => o };
}

describe('checks made while parsing, with -o/-l (lxc-stop -t -5: LXC has its log open by then)', () => {
  it('hand the runner the arguments to open the log with, only when -o or -l was given', () => {
    expect(parseStopArgs(['-n', 'c1', '-t', '-5'])).not.toHaveProperty('log');
    expect(parseStopArgs(['-n', 'c1', '-t', '-5', '-o', 'f'])).toMatchObject({ kind: 'exit', stderr: STOP_117, log: { logfile: 'f' } });
  });

  it('print even with -q once a file is asked for, and nothing at all with -l CRIT', () => {
    expect(parseStopArgs(['-q', '-n', 'c1', '-t', '-5'])).toMatchObject({ stderr: '' });
    expect(parseStopArgs(['-q', '-n', 'c1', '-t', '-5', '-o', 'f'])).toMatchObject({ stderr: STOP_117 });
    expect(parseStopArgs(['-q', '-n', 'c1', '-t', '-5', '-o', 'none'])).toMatchObject({ stderr: '' });
    expect(parseStopArgs(['-n', 'c1', '-t', '-5', '-o', 'f', '-l', 'CRIT'])).toMatchObject({ stderr: '', code: 1 });
  });

  it('reach the file through runTool, which appends on each run', async () => {
    const file = join(dir, 'stop.log');
    for (let i = 0; i < 2; i += 1) {
      const f = fakeIo();
      expect(await runTool('lxc-stop', ['-P', dir, '-n', 'c1', '-t', '-5', '-o', file], f.io)).toBe(1);
      expect(f.err()).toBe(STOP_117);
    }
    const lines = readFileSync(file, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/^lxc-stop c1 \d{14}\.\d{1,3} ERROR    lxc_stop - \.\.\/src\/lxc\/tools\/lxc_stop\.c:main:117 - Invalid timeout$/);
    expect(statSync(file).isFile()).toBe(true);
  });

  it('give way to the log failure when the file cannot be opened', async () => {
    mkdirSync(join(dir, 'd'));
    const f = fakeIo();
    expect(await runTool('lxc-stop', ['-P', dir, '-n', 'c1', '-t', '-5', '-o', join(dir, 'd')], f.io)).toBe(1);
    expect(f.err()).toBe(`lxc-stop: c1: ../src/lxc/log.c: log_open: 534 Is a directory - Failed to open log file "${dir}/d"\n`
      + 'lxc-stop: c1: ../src/lxc/log.c: lxc_log_init: 690 Is a directory - Failed to enable logfile\n');
  });

  it('leave help and usage alone: no file is made', async () => {
    const f = fakeIo();
    expect(await runTool('lxc-stop', ['--usage', '-o', join(dir, 'u.log')], f.io)).toBe(0);
    expect(() => statSync(join(dir, 'u.log'))).toThrow();
  });
});
