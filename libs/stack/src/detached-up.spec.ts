import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDetached, stackLogPath } from './detached-up';
import { readyLine } from './embedded-stack';
import { isAlive } from './process-probe';
import type { UpOptions } from './stack-options';

/** runDetached against stand-in launcher scripts; the real launcher runs in test/service/stack.test.ts. */
describe('runDetached', () => {
  let dir: string;
  let o: UpOptions;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
  const timings = { readyTimeoutMs: 1_500, stopWaitMs: 5_000 };

  function fakeLauncher(body: string): string {
    const path = join(dir, 'fake-launcher.js');
    writeFileSync(path, body);
    return path;
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lxcbus-detach-'));
    o = { port: 14999, host: 'h1', lxcpath: join(dir, 'lxc'), rundir: join(dir, 'run'), statedir: join(dir, 'state'),
      cachedir: join(dir, 'cache'), services: ['state-reporter'], logLevel: 'warn', detach: true, auth: true };
    out = [];
    err = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the ready line once the background process logs it, and leaves that process running', async () => {
    const pidFile = join(dir, 'pid');
    const main = fakeLauncher(`require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));
      setTimeout(() => console.log(${JSON.stringify(readyLine(o))}), 200); setInterval(() => {}, 1000);`);
    // An older run's ready line in the same log must not count.
    mkdirSync(join(o.statedir, 'logs'), { recursive: true });
    writeFileSync(stackLogPath(o.statedir), `${readyLine(o)}\n`);
    expect(await runDetached(o, io, main, timings)).toBe(0);
    expect(out).toEqual([readyLine(o)]);
    const pid = Number(readFileSync(pidFile, 'utf8'));
    try {
      expect(isAlive(pid)).toBe(true);
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')).toEqual(expect.arrayContaining(['--statedir', o.statedir]));
      expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).not.toContain('--detach');
    } finally {
      process.kill(pid, 'SIGKILL');
    }
  });

  it('fails with the log tail when the background process exits first', async () => {
    const main = fakeLauncher(`console.error('lxcbus up: something broke'); process.exit(1);`);
    expect(await runDetached(o, io, main, timings)).toBe(1);
    expect(out).toEqual([]);
    expect(err.join('\n')).toContain('the background launcher exited with status 1 before the stack was ready');
    expect(err.join('\n')).toContain('    lxcbus up: something broke');
  });

  it('stops the background process when it is not ready in time', async () => {
    const main = fakeLauncher(`process.on('SIGTERM', () => { console.error('got SIGTERM'); process.exit(0); }); setInterval(() => {}, 1000);`);
    expect(await runDetached(o, io, main, timings)).toBe(1);
    expect(err.join('\n')).toContain('the stack was not ready within 1.5 s: stopping the background launcher');
    expect(err.join('\n')).toContain('    got SIGTERM');
  });
});
