/**
 * Reboots with real busybox containers, side by side with real LXC 5.0.2: lxc-stop -r,
 * `reboot -f` / `poweroff -f` typed inside, an ephemeral container over a reboot,
 * lxc-stop -r's failures, lxc-autostart -r.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { realLxcSkipReason } from './support/lxc-side';
import { describeSystemUnless, type Stack } from './support/stack-harness';
import { initStart, pidOf, realMonitor, startBothSides, stateOf, until, watchMonitor, type Both } from './support/reboot-sides';

const REBOOT_EVENTS = (n: string) => [
  `'${n}' exited with status [0]`, `'${n}' changed state to [STOPPING]`, `'${n}' changed state to [STOPPED]`,
  `'${n}' changed state to [STARTING]`, `'${n}' changed state to [RUNNING]`,
];
const STOP_EVENTS = (n: string) => REBOOT_EVENTS(n).slice(0, 3);

// Every check is side by side with real LXC: without it the file is skipped, saying why.
describeSystemUnless(realLxcSkipReason())('reboot: lxc-stop -r, reboot(2) inside, lxc-autostart -r', () => {
  let stack: Stack;
  let both: Both;
  let stop: () => Promise<void>;
  const sides = () => [['lxcbus', both.ours], ['lxc', both.theirs]] as const;

  beforeAll(async () => {
    ({ stack, both, stop } = await startBothSides());
  }, 120_000);

  afterAll(async () => {
    await stop?.();
  }, 120_000);

  it('lxc-stop -r: same rc and output as LXC, a new init, RUNNING, same -s config, tmpfs emptied, monitor events as LXC', async () => {
    both.create('rbt-1');
    for (const [, run] of sides()) {
      expect(run('lxc-start', ['-n', 'rbt-1', '-s', 'lxc.uts.name=rbt-custom']).code).toBe(0);
      expect(run('lxc-attach', ['-n', 'rbt-1', '--', 'touch', '/dev/shm/before-reboot']).code).toBe(0);
    }
    const before = { ours: [pidOf(both.ours, 'rbt-1'), initStart(both.ours, 'rbt-1')], theirs: [pidOf(both.theirs, 'rbt-1'), initStart(both.theirs, 'rbt-1')] };
    const ourMon = watchMonitor(stack.lxcAsync('lxc-monitor', ['-n', 'rbt-1']));
    const realMon = watchMonitor(realMonitor(both.real, 'rbt-1'));
    await new Promise((r) => setTimeout(r, 2000));
    const ours = both.ours('lxc-stop', ['-n', 'rbt-1', '-r']);
    const theirs = both.theirs('lxc-stop', ['-n', 'rbt-1', '-r']);
    expect({ ...ours, ms: 0 }).toEqual({ ...theirs, ms: 0 });
    expect(ours).toMatchObject({ code: 0, stdout: '', stderr: '' });
    for (const [side, run] of sides()) {
      const [pid0, start0] = side === 'lxcbus' ? before.ours : before.theirs;
      expect({ side, state: stateOf(run, 'rbt-1') }).toEqual({ side, state: 'RUNNING' });
      expect(pidOf(run, 'rbt-1')).not.toBe(pid0);
      expect(initStart(run, 'rbt-1')).toBeGreaterThan(start0);
      expect(run('lxc-attach', ['-n', 'rbt-1', '--', 'hostname']).stdout).toBe('rbt-custom\n');
      expect(run('lxc-attach', ['-n', 'rbt-1', '--', 'ls', '/dev/shm']).stdout).toBe('');
    }
    await until(() => ourMon.lines().length >= 5 && realMon.lines().length >= 5, 5000);
    expect(ourMon.stop()).toEqual(REBOOT_EVENTS('rbt-1'));
    expect(realMon.stop()).toEqual(REBOOT_EVENTS('rbt-1'));
    console.log(`lxc-stop -r: lxcbus ${ours.ms} ms, LXC ${theirs.ms} ms`);
  }, 90_000);

  it('`reboot -f` inside restarts the container, `poweroff -f` and `halt -f` stop it, as LXC', async () => {
    both.create('rbt-2');
    for (const [side, run] of sides()) {
      expect(run('lxc-start', ['-n', 'rbt-2']).code).toBe(0);
      const pid0 = pidOf(run, 'rbt-2');
      run('lxc-attach', ['-n', 'rbt-2', '--', 'reboot', '-f']);
      expect({ side, back: await until(() => stateOf(run, 'rbt-2') === 'RUNNING' && pidOf(run, 'rbt-2') !== pid0, 15_000) }).toEqual({ side, back: true });
      run('lxc-attach', ['-n', 'rbt-2', '--', 'poweroff', '-f']);
      expect({ side, stopped: await until(() => stateOf(run, 'rbt-2') === 'STOPPED', 15_000) }).toEqual({ side, stopped: true });
      expect(run('lxc-start', ['-n', 'rbt-2']).code).toBe(0);
      run('lxc-attach', ['-n', 'rbt-2', '--', 'halt', '-f']);
      expect({ side, stopped: await until(() => stateOf(run, 'rbt-2') === 'STOPPED', 15_000) }).toEqual({ side, stopped: true });
      // Stays down: nothing restarts it behind the STOPPED.
      await new Promise((r) => setTimeout(r, 1500));
      expect(stateOf(run, 'rbt-2')).toBe('STOPPED');
    }
  }, 120_000);

  it('an ephemeral container survives a reboot and is destroyed when it stops, as LXC', async () => {
    both.create('rbt-e', 'lxc.ephemeral = 1\n');
    for (const [side, run] of sides()) {
      const lxcpath = side === 'lxcbus' ? stack.lxcpath : both.real;
      expect(run('lxc-start', ['-n', 'rbt-e']).code).toBe(0);
      expect(run('lxc-stop', ['-n', 'rbt-e', '-r']).code).toBe(0);
      expect({ side, state: stateOf(run, 'rbt-e'), kept: existsSync(join(lxcpath, 'rbt-e', 'config')) }).toEqual({ side, state: 'RUNNING', kept: true });
      expect(run('lxc-stop', ['-n', 'rbt-e', '-k']).code).toBe(0);
      expect({ side, gone: await until(() => !existsSync(join(lxcpath, 'rbt-e')), 5000) }).toEqual({ side, gone: true });
    }
  }, 90_000);

  it('lxc-stop -r failures as LXC: not running (2), timed out (1 + message), stopped instead (1, silent), -t 0, -k -r', async () => {
    both.create('rbt-3', 'lxc.signal.reboot = SIGCONT\n');
    const cmp = (args: string[]) => {
      const o = both.ours('lxc-stop', ['-n', 'rbt-3', ...args]);
      const t = both.theirs('lxc-stop', ['-n', 'rbt-3', ...args]);
      expect({ args, ...o, ms: 0 }).toEqual({ args, ...t, ms: 0 });
      return [o, t];
    };
    cmp(['-r']);
    for (const [, run] of sides()) expect(run('lxc-start', ['-n', 'rbt-3']).code).toBe(0);
    const [o, t] = cmp(['-r', '-t', '1']);
    expect(o.code).toBe(1);
    expect(o.ms).toBeGreaterThanOrEqual(1000);
    expect(t.ms).toBeGreaterThanOrEqual(1000);
    cmp(['-r', '-t', '1', '-q']);
    cmp(['-r', '-t', '0']);
    cmp(['-r', '-W']);
    cmp(['-r', '-k']);
    // A reboot signal that kills init outright: the container stops, lxc-stop -r fails silently.
    for (const [side] of sides()) {
      const lxcpath = side === 'lxcbus' ? stack.lxcpath : both.real;
      const file = join(lxcpath, 'rbt-3', 'config');
      writeFileSync(file, readFileSync(file, 'utf8').replace('lxc.signal.reboot = SIGCONT', 'lxc.signal.reboot = SIGKILL'));
    }
    expect(cmp(['-r', '-t', '10'])[0].code).toBe(1);
    for (const [, run] of sides()) expect(stateOf(run, 'rbt-3')).toBe('STOPPED');
  }, 90_000);

  it('lxc-autostart -r reboots the running autostart containers in order with their delays; -L -r lists', async () => {
    both.create('rbt-a1', 'lxc.start.auto = 1\nlxc.start.order = 2\nlxc.start.delay = 1\nlxc.group = rbtg\n');
    both.create('rbt-a2', 'lxc.start.auto = 1\nlxc.start.order = 1\nlxc.start.delay = 2\nlxc.group = rbtg\n');
    for (const [, run] of sides()) for (const n of ['rbt-a1', 'rbt-a2']) expect(run('lxc-start', ['-n', n]).code).toBe(0);
    expect(both.ours('lxc-autostart', ['-L', '-r', '-g', 'rbtg']).stdout).toBe(both.theirs('lxc-autostart', ['-L', '-r', '-g', 'rbtg']).stdout);
    const pids = sides().map(([, run]) => ['rbt-a1', 'rbt-a2'].map((n) => pidOf(run, n)));
    const ours = both.ours('lxc-autostart', ['-r', '-g', 'rbtg']);
    const theirs = both.theirs('lxc-autostart', ['-r', '-g', 'rbtg']);
    expect({ ...ours, ms: 0 }).toEqual({ ...theirs, ms: 0 });
    expect(ours.code).toBe(0);
    // No wait for the reboot itself, then lxc.start.delay after each: 2 + 1 s.
    for (const ms of [ours.ms, theirs.ms]) expect(ms).toBeGreaterThanOrEqual(3000);
    for (const [i, [side, run]] of sides().entries()) {
      for (const [j, n] of ['rbt-a1', 'rbt-a2'].entries()) {
        const back = await until(() => stateOf(run, n) === 'RUNNING' && pidOf(run, n) !== pids[i][j], 15_000);
        expect({ side, n, back }).toEqual({ side, n, back: true });
      }
    }
  }, 120_000);
});
