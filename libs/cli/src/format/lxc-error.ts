/**
 * The error messages and exit codes of the LXC 5.0.2 tools (LXC-REFERENCE 3.3-3.8,
 * 3.11), as captured from the real binaries (fixtures/errors.json, fail.json, extra.json).
 *
 * Most of them are liblxc ERROR log lines, which 5.0.2 prints on stderr as
 * `<tool>: <name>: <source file>: <function>: <line> [<strerror> - ]<message>`.
 * Decision: the source-file prefix is reproduced exactly (file, function and line
 * of the Debian 5.0.2 build). It costs one table row per message, keeps lxcbus
 * byte-identical for tests that diff stderr, and scripts that match only the tail
 * keep working too. Log lines are silenced by -q (`quietable`) unless a -o/-l log
 * file is open, and by -l above ERROR (decisions/log-files.md); the plain
 * fprintf() messages (`X doesn't exist`, `This command only accepts ...`) are not.
 */

import { activeStderrPolicy, recordLog } from '../log-file/log-session';

export type LxcTool =
  | 'lxc-create' | 'lxc-start' | 'lxc-stop' | 'lxc-info' | 'lxc-ls' | 'lxc-attach'
  | 'lxc-destroy' | 'lxc-wait' | 'lxc-monitor' | 'lxc-cgroup' | 'lxc-console' | 'lxc-autostart' | 'lxc-copy' | 'lxc-snapshot'
  | 'lxc-freeze' | 'lxc-unfreeze' | 'lxc-execute' | 'lxc-device' | 'lxc-top';

export interface LxcErrorText {
  stderr: string;
  code: number;
  /** True when -q suppresses the text (liblxc log lines and lxc_error()). */
  quietable: boolean;
}

/** A liblxc log line: where it was raised and what it says. */
interface LogLine {
  file: string;
  func: string;
  line: number;
  errno?: string;
  text: (name: string, lxcpath: string, detail: string) => string;
}

interface Entry {
  code: number;
  /** Plain fprintf() text; otherwise `log` lines with the tool/name prefix. */
  plain?: (tool: string, name: string) => string;
  log?: LogLine[];
  quietable?: boolean;
}

const TOOLS = '../src/lxc/tools/';
const log = (file: string, func: string, line: number, text: LogLine['text'], errno?: string): LogLine => ({
  file, func, line, text, errno,
});
const fixedText = (text: string) => (): string => text;
const EAGAIN = 'Resource temporarily unavailable';

const TABLE = {
  noName: { code: 1, quietable: true, plain: (tool: string) => `${tool}: No container name specified` },
  parseFailed: { code: 1, quietable: true, plain: (tool: string) => `${tool}: could not parse command line` },
  tooManyLxcpaths: { code: 1, plain: () => 'This command only accepts 1 -P,--lxcpath arguments' },
  infoNotFound: { code: 1, plain: (_t: string, name: string) => `${name} doesn't exist` },
  startAlreadyRunning: { code: 0, log: [log(`${TOOLS}lxc_start.c`, 'main', 256, fixedText('Container is already running'))] },
  startNoConfig: { code: 1, log: [log(`${TOOLS}lxc_start.c`, 'main', 266, fixedText('No container config specified'))] },
  startFailed: {
    code: 1,
    log: [
      log('../src/lxc/lxccontainer.c', 'wait_on_daemonized_start', 878,
        (_n, _p, state) => `Received container state "${state || 'ABORTING'}" instead of "RUNNING"`),
      log(`${TOOLS}lxc_start.c`, 'main', 306, fixedText('The container failed to start')),
      log(`${TOOLS}lxc_start.c`, 'main', 309, fixedText('To get more details, run the container in foreground mode')),
      log(`${TOOLS}lxc_start.c`, 'main', 311,
        fixedText('Additional information can be obtained by setting the --logfile and --logpriority options')),
    ],
  },
  /** The monitor died before it sent a state: a failing lxc.hook.pre-start (measured, docs/decisions/hooks.md). */
  startFailedNoState: {
    code: 1,
    log: [
      log('../src/lxc/lxccontainer.c', 'wait_on_daemonized_start', 870, fixedText('Failed to receive the container state'),
        'No such file or directory'),
      log(`${TOOLS}lxc_start.c`, 'main', 306, fixedText('The container failed to start')),
      log(`${TOOLS}lxc_start.c`, 'main', 309, fixedText('To get more details, run the container in foreground mode')),
      log(`${TOOLS}lxc_start.c`, 'main', 311,
        fixedText('Additional information can be obtained by setting the --logfile and --logpriority options')),
    ],
  },
  startFailedForeground: {
    code: 1,
    log: [
      log(`${TOOLS}lxc_start.c`, 'main', 306, fixedText('The container failed to start')),
      log(`${TOOLS}lxc_start.c`, 'main', 311,
        fixedText('Additional information can be obtained by setting the --logfile and --logpriority options')),
    ],
  },
  stopNotRunning: { code: 2, log: [log(`${TOOLS}lxc_stop.c`, 'main', 168, (name) => `${name} is not running`)] },
  /** --nokill and the container outlived -t: lxc-stop exits 1 without a word. */
  stopNoKillTimeout: { code: 1, log: [] },
  stopInvalidTimeout: { code: 1, log: [log(`${TOOLS}lxc_stop.c`, 'main', 117, fixedText('Invalid timeout'))] },
  stopKillWithNoKill: { code: 1, log: [log(`${TOOLS}lxc_stop.c`, 'main', 122, fixedText("-k can't be used with --nokill"))] },
  stopKillWithReboot: { code: 1, log: [log(`${TOOLS}lxc_stop.c`, 'main', 127, fixedText("-k can't be used with -r"))] },
  stopKillWithTimeout: { code: 1, log: [log(`${TOOLS}lxc_stop.c`, 'main', 132, fixedText("-k doesn't allow timeouts"))] },
  stopNoLockWithoutKill: { code: 1, log: [log(`${TOOLS}lxc_stop.c`, 'main', 137, fixedText('--nolock may only be used with -k'))] },
  /** -r and the container was not RUNNING again within -t: reboot2()'s state client timed out. */
  stopRebootTimeout: {
    code: 1, log: [log('../src/lxc/commands_utils.c', 'lxc_cmd_sock_rcv_state', 49, fixedText('Failed to receive message'), EAGAIN)],
  },
  /** -r and the container stopped instead (init not killed by SIGHUP): the state socket closed, no message. */
  stopRebootStopped: { code: 1, log: [] },
  attachNotRunning: {
    code: 1,
    log: [
      log('../src/lxc/attach.c', 'get_attach_context', 406, fixedText('Failed to get init pid'), 'Connection refused'),
      log('../src/lxc/attach.c', 'lxc_attach', 1470, fixedText('Failed to get attach context'), 'Connection refused'),
    ],
  },
  attachExecNotFound: {
    code: 127,
    log: [log('../src/lxc/attach.c', 'lxc_attach_run_command', 1841, (_n, _p, cmd) => `Failed to exec "${cmd}"`,
      'No such file or directory')],
  },
  /** Inferred from the ENOENT case (same call site, EACCES text); not captured. */
  attachExecDenied: {
    code: 126,
    log: [log('../src/lxc/attach.c', 'lxc_attach_run_command', 1841, (_n, _p, cmd) => `Failed to exec "${cmd}"`,
      'Permission denied')],
  },
  destroyRunning: { code: 1, log: [log(`${TOOLS}lxc_destroy.c`, 'do_destroy', 91, (name) => `${name} is running`)] },
  /** A failing lxc.hook.destroy (detail: its exit status); LXC's message does say "clone hook". */
  destroyHookFailed: {
    code: 1,
    log: [
      log('../src/lxc/conf.c', 'run_buffer', 322, (_n, _p, status) => `Script exited with status ${status}`),
      log('../src/lxc/lxccontainer.c', 'container_destroy', 2987, (name) => `Failed to execute clone hook for "${name}"`),
      log(`${TOOLS}lxc_destroy.c`, 'do_destroy', 110, (name) => `Destroying ${name} failed`),
    ],
  },
  destroyNotDefined: { code: 1, log: [log(`${TOOLS}lxc_destroy.c`, 'main', 240, fixedText('Container is not defined'))] },
  destroyHasClones: {
    code: 1, log: [log(`${TOOLS}lxc_destroy.c`, 'do_destroy', 76, (name) => `Destroying ${name} failed: ${name} has clones`)],
  },
  destroyHasSnapshots: {
    code: 1, log: [log(`${TOOLS}lxc_destroy.c`, 'do_destroy', 85, (name) => `Destroying ${name} failed: ${name} has snapshots`)],
  },
  createExists: { code: 1, log: [log(`${TOOLS}lxc_create.c`, 'main', 264, fixedText('Container already exists'))] },
  createNoTemplate: {
    code: 1,
    log: [
      log(`${TOOLS}lxc_create.c`, 'main', 214, fixedText('A template must be specified')),
      log(`${TOOLS}lxc_create.c`, 'main', 215, fixedText('Use "none" if you really want a container without a rootfs')),
    ],
  },
  createBadBdev: {
    code: 1,
    log: [log(`${TOOLS}lxc_create.c`, 'main', 240, (_n, _p, bdev) => `${bdev} is not a valid backing storage type`)],
  },
  createTemplateFailed: {
    code: 1,
    log: [
      log('../src/lxc/lxccontainer.c', 'create_run_template', 1628, fixedText('Failed to create container from template')),
      log(`${TOOLS}lxc_create.c`, 'main', 317, (name) => `Failed to create container ${name}`),
    ],
  },
  waitInvalidState: { code: 1, log: [log('../src/lxc/state.c', 'lxc_str2state', 51, (_n, _p, s) => `invalid state '${s}'`)] },
  waitTimeoutRunning: {
    code: 1,
    log: [
      log('../src/lxc/commands_utils.c', 'lxc_cmd_sock_rcv_state', 49, fixedText('Failed to receive message'), EAGAIN),
      log('../src/lxc/state.c', 'lxc_wait', 103, fixedText('Failed to receive state from monitor'), EAGAIN),
    ],
  },
  waitTimeoutStopped: { code: 1, log: [] },
  monitorBadRegex: { code: 1, log: [] },
  cgroupNotRunning: {
    code: 1,
    log: [log(`${TOOLS}lxc_cgroup.c`, 'main', 102, (name, lxcpath) => `'${lxcpath}:${name}' is not running`)],
  },
  /** detail: the key. */
  cgroupGetFailed: {
    code: 1,
    log: [log(`${TOOLS}lxc_cgroup.c`, 'main', 122, (name, lxcpath, key) => `Failed to retrieve value of '${key}' for '${lxcpath}:${name}'`)],
  },
  /** detail: `<value>\n<key>`. */
  cgroupSetFailed: {
    code: 1,
    log: [log(`${TOOLS}lxc_cgroup.c`, 'main', 111, (name, _p, d) => `Failed to assign '${d.split('\n')[0]}' value to '${d.split('\n')[1]}' for '${name}'`)],
  },
  /** The tty does not exist or has its client already (both EBADF in liblxc). */
  consoleTtyDenied: {
    code: 1,
    log: [log('../src/lxc/commands.c', 'lxc_cmd_get_tty_fd', 1200, fixedText('Denied access to tty'), 'Bad file descriptor')],
  },
  /** stdin cannot be polled (/dev/null, a regular file). */
  consoleStdinHandler: { code: 1, log: [log('../src/lxc/terminal.c', 'lxc_console', 1282, fixedText('Failed to add stdin handler'))] },
  consoleNotRunning: { code: 1, log: [log(`${TOOLS}lxc_console.c`, 'main', 129, (name) => `${name} is not running`)] },
  freezeFailed: { code: 1, log: [log(`${TOOLS}lxc_freeze.c`, 'main', 87, (n, p) => `Failed to freeze ${p}:${n}`)] },
  /** An existing but stopped container: liblxc also fails to reach its monitor, twice. */
  freezeStopped: {
    code: 1,
    log: [
      log('../src/lxc/commands.c', 'lxc_cmd_serve_state_clients', 1579, fixedText('Failed to serve state clients'), 'Connection refused'),
      log('../src/lxc/freezer.c', 'do_freeze_thaw', 46, (n) => `Failed to freeze ${n}`),
      log('../src/lxc/commands.c', 'lxc_cmd_serve_state_clients', 1579, fixedText('Failed to serve state clients'), 'Connection refused'),
      log(`${TOOLS}lxc_freeze.c`, 'main', 87, (n, p) => `Failed to freeze ${p}:${n}`),
    ],
  },
  /** lxc-execute on a running container: liblxc cannot take its command socket (observed 5.0.2). */
  executeAlreadyRunning: {
    code: 1,
    log: [
      log('../src/lxc/commands.c', 'lxc_server_init', 2120, (n) => `Container "${n}" appears to be already running`),
      log('../src/lxc/commands.c', 'lxc_server_init', 2122, (n, p) => `Failed to create command socket ${p}/${n}/command`, 'Address already in use'),
      log('../src/lxc/start.c', 'lxc_init_handler', 748, fixedText('Failed to set up command socket')),
      log(`${TOOLS}lxc_execute.c`, 'main', 224, fixedText('Failed run an application inside container')),
    ],
  },
  executeNoConfig: {
    code: 1, log: [log(`${TOOLS}lxc_execute.c`, 'main', 179, fixedText('Executing a container with no configuration file may crash the host'))],
  },
  executeFailed: { code: 1, log: [log(`${TOOLS}lxc_execute.c`, 'main', 224, fixedText('Failed run an application inside container'))] },
  unfreezeFailed: { code: 1, log: [log(`${TOOLS}lxc_unfreeze.c`, 'main', 87, (n, p) => `Failed to unfreeze ${p}:${n}`)] },
} satisfies Record<string, Entry>;

export type LxcSituation = keyof typeof TABLE;

/** A liblxc log line (not a plain fprintf()/lxc_error() message): what -o/-l act on. */
export const isLogSituation = (situation: LxcSituation): boolean => !('plain' in TABLE[situation]);
export const LXC_SITUATIONS = Object.keys(TABLE) as LxcSituation[];

/**
 * One liblxc ERROR line as 5.0.2 prints it on stderr (without the newline). Every
 * such line lxcbus raises is built here, so this is also where it reaches the
 * -o log file (log-file/log-session.ts), whether or not -q then hides it on stderr.
 */
export function logLine(tool: string, name: string, file: string, func: string, line: number, message: string): string {
  recordLog({ level: 'ERROR', file, func, line, message });
  return `${tool}: ${name}: ${file}: ${func}: ${line} ${message}`;
}

/**
 * stderr text and exit code of `tool` in `situation`. `detail` fills the variable
 * part some messages have: the state for startFailed, the command for
 * attachExec*, the backing store for createBadBdev, the state word for waitInvalidState.
 */
export function lxcError(tool: LxcTool, situation: LxcSituation, name: string, lxcpath: string, detail = ''): LxcErrorText {
  const entry: Entry = TABLE[situation];
  if (entry.plain) {
    return { stderr: `${entry.plain(tool, name)}\n`, code: entry.code, quietable: entry.quietable ?? false };
  }
  const lines = (entry.log ?? []).map((l) => {
    const message = l.text(name, lxcpath, detail);
    return logLine(tool, name, l.file, l.func, l.line, l.errno ? `${l.errno} - ${message}` : message) + '\n';
  });
  // With a log file open -q no longer hides them; -l above ERROR hides them everywhere (log-session.ts).
  const policy = activeStderrPolicy();
  return { stderr: policy?.hidesErrors ? '' : lines.join(''), code: entry.code, quietable: !policy?.ignoresQuiet };
}
