/**
 * lxc-stop -t semantics with real busybox containers, side by side with real LXC 5.0.2:
 * an init that ignores the halt signal is killed after the timeout, --nokill gives up,
 * -t 0 / -W fire and forget, the halt signal is read from the config on disk when
 * lxc-stop runs, and the option and not-running errors.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realLxcSkipReason } from './support/lxc-side';
import { describeSystemUnless, type Stack } from './support/stack-harness';
import { startBothSides, stateOf, type Both } from './support/reboot-sides';

// Every check is side by side with real LXC: without it the file is skipped, saying why.
describeSystemUnless(realLxcSkipReason())('lxc-stop -t, --nokill, -W, -k as LXC', () => {
  let stack: Stack;
  let both: Both;
  let stop: () => Promise<void>;
  const sides = () => [['lxcbus', both.ours, () => stack.lxcpath], ['lxc', both.theirs, () => both.real]] as const;
  const cmp = (name: string, args: string[]) => {
    const o = both.ours('lxc-stop', ['-n', name, ...args]);
    const t = both.theirs('lxc-stop', ['-n', name, ...args]);
    expect({ args, ...o, ms: 0 }).toEqual({ args, ...t, ms: 0 });
    return [o, t];
  };

  beforeAll(async () => {
    ({ stack, both, stop } = await startBothSides());
  }, 120_000);

  afterAll(async () => {
    await stop?.();
  }, 120_000);

  it('an init that ignores SIGPWR: -t 2 waits 2 s, then kills it (rc 0); --nokill gives up (rc 1), -t 0 and -W do not wait', () => {
    both.create('stt-1');
    // sleep as PID 1 has no handler for SIGPWR, so the kernel drops it.
    for (const [, run] of sides()) expect(run('lxc-start', ['-n', 'stt-1', '--', '/bin/sleep', '1000']).code).toBe(0);
    const [o1] = cmp('stt-1', ['-t', '1', '--nokill']);
    expect(o1.code).toBe(1);
    for (const args of [['-t', '0'], ['-W'], ['-W', '--nokill']]) expect(cmp('stt-1', args)[0].code).toBe(0);
    for (const [, run] of sides()) expect(stateOf(run, 'stt-1')).toBe('RUNNING');
    const [o, t] = cmp('stt-1', ['-t', '2']);
    expect(o.code).toBe(0);
    for (const ms of [o.ms, t.ms]) expect(ms).toBeGreaterThanOrEqual(2000);
    expect(o.ms).toBeLessThan(8000);
    for (const [, run] of sides()) expect(stateOf(run, 'stt-1')).toBe('STOPPED');
    console.log(`lxc-stop -t 2, halt ignored: lxcbus ${o.ms} ms, LXC ${t.ms} ms`);
  }, 90_000);

  it('the halt signal comes from the config on disk when lxc-stop runs, not from the start', async () => {
    both.create('stt-2');
    for (const [, run, lxcpath] of sides()) {
      expect(run('lxc-start', ['-n', 'stt-2']).code).toBe(0);
      const file = join(lxcpath(), 'stt-2', 'config');
      // busybox init halts on SIGUSR1 (the template's lxc.signal.halt) and ignores SIGCONT.
      writeFileSync(file, readFileSync(file, 'utf8').replace('lxc.signal.halt = SIGUSR1', 'lxc.signal.halt = SIGCONT'));
    }
    expect(cmp('stt-2', ['-t', '1', '--nokill'])[0].code).toBe(1);
    await new Promise((r) => setTimeout(r, 3000));
    for (const [side, run] of sides()) expect({ side, state: stateOf(run, 'stt-2') }).toEqual({ side, state: 'RUNNING' });
    for (const [, , lxcpath] of sides()) {
      const file = join(lxcpath(), 'stt-2', 'config');
      writeFileSync(file, readFileSync(file, 'utf8').replace('lxc.signal.halt = SIGCONT', 'lxc.signal.halt = SIGUSR1'));
    }
    const [o, t] = cmp('stt-2', ['-t', '-1']);
    expect(o.code).toBe(0);
    for (const [, run] of sides()) expect(stateOf(run, 'stt-2')).toBe('STOPPED');
    console.log(`lxc-stop -t -1, busybox halts on SIGUSR1: lxcbus ${o.ms} ms, LXC ${t.ms} ms`);
  }, 90_000);

  it('lxc-stop -t -1 waiting on an init that ignores SIGPWR ends (rc 0) when lxc-stop -k comes from another shell', async () => {
    both.create('stt-4');
    for (const [, run] of sides()) expect(run('lxc-start', ['-n', 'stt-4', '--', '/bin/sleep', '1000']).code).toBe(0);
    const exitOf = (p: ChildProcess) => new Promise<number | null>((r) => p.once('exit', r));
    const waiting = [
      exitOf(stack.lxcAsync('lxc-stop', ['-n', 'stt-4', '-t', '-1'])),
      exitOf(spawn('/usr/bin/lxc-stop', ['-P', both.real, '-n', 'stt-4', '-t', '-1'], { stdio: 'ignore' })),
    ];
    await new Promise((r) => setTimeout(r, 3000));
    for (const [, run] of sides()) expect(run('lxc-info', ['-n', 'stt-4', '-sH']).stdout).toBe('RUNNING\n');
    expect(cmp('stt-4', ['-k'])[0].code).toBe(0);
    expect(await Promise.all(waiting)).toEqual([0, 0]);
  }, 90_000);

  it('a frozen container: the halt and reboot signals wait for the thaw (--nokill and -r time out), then it halts', async () => {
    both.create('stt-5');
    for (const [, run] of sides()) {
      expect(run('lxc-start', ['-n', 'stt-5']).code).toBe(0);
      expect(run('lxc-freeze', ['-n', 'stt-5']).code).toBe(0);
    }
    expect(cmp('stt-5', ['-t', '1', '--nokill'])[0].code).toBe(1);
    expect(cmp('stt-5', ['-r', '-t', '1'])[0].code).toBe(1);
    for (const [side, run] of sides()) expect({ side, state: stateOf(run, 'stt-5') }).toEqual({ side, state: 'FROZEN' });
    for (const [, run] of sides()) expect(run('lxc-unfreeze', ['-n', 'stt-5']).code).toBe(0);
    // busybox init gets SIGUSR1 (halt) and SIGTERM (reboot) together and halts, on both.
    for (const [side, run] of sides()) {
      let state = '';
      for (let i = 0; i < 50 && state !== 'STOPPED'; i++) {
        await new Promise((r) => setTimeout(r, 200));
        state = stateOf(run, 'stt-5');
      }
      expect({ side, state }).toEqual({ side, state: 'STOPPED' });
    }
  }, 90_000);

  it('option errors and a stopped or missing container: the same text and exit codes', () => {
    both.create('stt-3');
    for (const args of [['-t', '5'], ['-k'], ['-r'], ['-t', '-5'], ['-k', '-t', '5'], ['-k', '--nokill'], ['-k', '-r'], ['--nolock'],
      ['-t', 'x'], ['-t', '0'], ['-W']]) {
      cmp('stt-3', args);
      cmp('stt-none', args);
    }
  }, 90_000);
});
