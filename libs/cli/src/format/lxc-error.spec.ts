import { captured } from './fixtures/captured';
import { LXC_SITUATIONS, lxcError, LxcSituation, LxcTool } from './lxc-error';

const P = '/tmp/cli-ref';

/** [fixture file, captured command, tool, situation, name, detail] */
const CASES: Array<[string, string, LxcTool, LxcSituation, string, string?]> = [
  ['errors', `lxc-info -P ${P} -n nope`, 'lxc-info', 'infoNotFound', 'nope'],
  ['errors', `lxc-start -P ${P} -n nope`, 'lxc-start', 'startNoConfig', 'nope'],
  ['errors', `lxc-start -P ${P} -n a`, 'lxc-start', 'startAlreadyRunning', 'a'],
  ['errors', `lxc-stop -P ${P} -n nope`, 'lxc-stop', 'stopNotRunning', 'nope'],
  ['errors', `lxc-stop -P ${P} -n longer-name`, 'lxc-stop', 'stopNotRunning', 'longer-name'],
  ['errors', `lxc-attach -P ${P} -n nope -- true`, 'lxc-attach', 'attachNotRunning', 'nope'],
  ['errors', `lxc-attach -P ${P} -n longer-name -- true`, 'lxc-attach', 'attachNotRunning', 'longer-name'],
  ['errors', `lxc-destroy -P ${P} -n nope`, 'lxc-destroy', 'destroyNotDefined', 'nope'],
  ['errors', `lxc-destroy -P ${P} -n a`, 'lxc-destroy', 'destroyRunning', 'a'],
  ['errors', `lxc-create -P ${P} -n a -t busybox`, 'lxc-create', 'createExists', 'a'],
  ['errors', `lxc-create -P ${P} -n newx`, 'lxc-create', 'createNoTemplate', 'newx'],
  ['errors', `lxc-wait -P ${P} -n a -s BOGUS`, 'lxc-wait', 'waitInvalidState', 'a', 'BOGUS'],
  ['errors', `lxc-stop -P ${P}`, 'lxc-stop', 'noName', ''],
  ['errors', `lxc-wait -P ${P} -n a`, 'lxc-wait', 'parseFailed', 'a'],
  ['parse', `lxc-attach -P ${P} -n a -- /nonexist`, 'lxc-attach', 'attachExecNotFound', 'a', '/nonexist'],
  ['parse', `lxc-create -P ${P} -n nope2 -t none -B bogus`, 'lxc-create', 'createBadBdev', 'nope2', 'bogus'],
  ['parse', `lxc-wait -P ${P} -n nope -s RUNNING -t 1`, 'lxc-wait', 'waitTimeoutStopped', 'nope'],
  ['parse', `lxc-wait -P ${P} -n a -s STOPPED -t 1`, 'lxc-wait', 'waitTimeoutRunning', 'a'],
  ['parse', `lxc-destroy -P ${P} -n nope -f`, 'lxc-destroy', 'destroyNotDefined', 'nope'],
  ['ls', `lxc-ls -P ${P} -P /tmp/cli-ref-none`, 'lxc-ls', 'tooManyLxcpaths', ''],
  ['fail', `lxc-start -P ${P} -n bad -d`, 'lxc-start', 'startFailed', 'bad', 'ABORTING'],
  ['hooks', `lxc-start -P ${P} -n hkpre -d`, 'lxc-start', 'startFailedNoState', 'hkpre'],
  ['hooks', `lxc-destroy -P ${P} -n hkdes`, 'lxc-destroy', 'destroyHookFailed', 'hkdes', '1'],
  ['fail', `lxc-create -P ${P} -n tplfail -t /tmp/cli-cap/false-tpl`, 'lxc-create', 'createTemplateFailed', 'tplfail'],
  ['fail', `lxc-attach -P ${P} -n bad -- true`, 'lxc-attach', 'attachNotRunning', 'bad'],
  ['extra', `lxc-cgroup -P ${P} -n nope memory.usage_in_bytes`, 'lxc-cgroup', 'cgroupNotRunning', 'nope'],
  ['extra', `lxc-console -P ${P} -n nope`, 'lxc-console', 'consoleNotRunning', 'nope'],
  ['cgroup', `lxc-cgroup -P ${P} -n cgcap bogus.key`, 'lxc-cgroup', 'cgroupGetFailed', 'cgcap', 'bogus.key'],
  ['cgroup', `lxc-freeze -P ${P} -n cgcap  # stopped`, 'lxc-freeze', 'freezeStopped', 'cgcap'],
  ['cgroup', `lxc-cgroup -P ${P} -n cgcap pids.max  # stopped`, 'lxc-cgroup', 'cgroupNotRunning', 'cgcap'],
  ['cgroup', `lxc-cgroup -P ${P} -n cgcap pids.max bogus`, 'lxc-cgroup', 'cgroupSetFailed', 'cgcap', 'bogus\npids.max'],
  ['extra', `lxc-freeze -P ${P} -n nope`, 'lxc-freeze', 'freezeFailed', 'nope'],
  ['extra', `lxc-unfreeze -P ${P} -n nope`, 'lxc-unfreeze', 'unfreezeFailed', 'nope'],
  ['extra', `lxc-monitor -P ${P} -n '(' `, 'lxc-monitor', 'monitorBadRegex', '('],
  ['toolbox', `lxc-destroy -P ${P} -n tbx-s`, 'lxc-destroy', 'destroyHasSnapshots', 'tbx-s'],
  ['toolbox', `lxc-stop -P ${P} -n tbx-a -t 1 --nokill`, 'lxc-stop', 'stopNoKillTimeout', 'tbx-a'],
  ['reboot', `lxc-stop -P ${P} -n rb-a -r -t 1`, 'lxc-stop', 'stopRebootTimeout', 'rb-a'],
  ['reboot', `lxc-stop -P ${P} -n rb-k -r -t 5`, 'lxc-stop', 'stopRebootStopped', 'rb-k'],
  ['reboot', `lxc-stop -P ${P} -n rb-k -r`, 'lxc-stop', 'stopNotRunning', 'rb-k'],
  ['console', 'lxc-console -P /tmp/conr -n cr1 -t 9', 'lxc-console', 'consoleTtyDenied', 'cr1'],
  ['console', 'lxc-console -P /tmp/conr -n cr1 -t 2  # taken', 'lxc-console', 'consoleTtyDenied', 'cr1'],
  ['console', 'lxc-console -P /tmp/conr -n cr1 -t 1 < /dev/null', 'lxc-console', 'consoleStdinHandler', 'cr1'],
];

describe('lxcError side by side with real LXC 5.0.2', () => {
  // A rest parameter keeps jest from mistaking the optional 6th column for `done`.
  it.each(CASES)('%s.json: %s', (...row) => {
    const [file, cmd, tool, situation, name, detail] = row;
    const real = captured(file, cmd);
    expect(lxcError(tool, situation, name, P, detail)).toMatchObject({ stderr: real.stderr, code: real.code });
  });

  it('covers every situation except the uncaptured ones', () => {
    const covered = new Set(CASES.map((c) => c[3]));
    const missing = LXC_SITUATIONS.filter((s) => !covered.has(s));
    expect(missing.sort()).toEqual(['attachExecDenied', 'destroyHasClones', 'executeAlreadyRunning', 'executeFailed', 'executeNoConfig', 'startFailedForeground', 'stopInvalidTimeout',
      'stopKillWithNoKill', 'stopKillWithReboot', 'stopKillWithTimeout', 'stopNoLockWithoutKill'].sort());
  });
});

describe('lxcError quiet handling', () => {
  it('log lines and lxc_error() are quietable, plain fprintf messages are not', () => {
    expect(lxcError('lxc-stop', 'stopNotRunning', 'x', P).quietable).toBe(true);
    expect(lxcError('lxc-stop', 'noName', '', P).quietable).toBe(true);
    expect(lxcError('lxc-info', 'infoNotFound', 'x', P).quietable).toBe(false);
    expect(lxcError('lxc-ls', 'tooManyLxcpaths', '', P).quietable).toBe(false);
  });

  it('startFailedForeground has no daemon hint and no state line', () => {
    expect(lxcError('lxc-start', 'startFailedForeground', 'x', P).stderr).toBe(
      'lxc-start: x: ../src/lxc/tools/lxc_start.c: main: 306 The container failed to start\n'
      + 'lxc-start: x: ../src/lxc/tools/lxc_start.c: main: 311 Additional information can be obtained by setting the --logfile and --logpriority options\n',
    );
  });
});
