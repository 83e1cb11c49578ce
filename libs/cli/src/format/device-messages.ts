/**
 * lxc-device's own error lines (src/lxc/tools/lxc_device.c, Debian 5.0.2 build), printed as
 * liblxc ERROR lines: `lxc-device: <name>: ../src/lxc/tools/lxc_device.c: main: <line> <text>`.
 * All exit 1 and are silenced by -q.
 */
import { logLine } from './lxc-error';

const FILE = '../src/lxc/tools/lxc_device.c';

export type DeviceSituation = 'notRunning' | 'noCommand' | 'badCommand' | 'addFailed' | 'delFailed';

const LINES: Record<DeviceSituation, { line: number; text: (name: string, dev: string) => string }> = {
  notRunning: { line: 128, text: (name) => `Container ${name} is not running` },
  noCommand: { line: 133, text: () => 'Error: no command given (Please see --help output)' },
  badCommand: { line: 164, text: () => 'Error: Please use add or del (Please see --help output)' },
  addFailed: { line: 151, text: (name, dev) => `Failed to add ${dev} to ${name}` },
  delFailed: { line: 160, text: (name, dev) => `Failed to del ${dev} from ${name}` },
};

export function deviceMessage(situation: DeviceSituation, name: string, dev = ''): string {
  const l = LINES[situation];
  return `${logLine('lxc-device', name, FILE, 'main', l.line, l.text(name, dev))}\n`;
}

const EOVERFLOW_TEXT = 'Value too large for defined data type';
const LXCCONTAINER = '../src/lxc/lxccontainer.c';

/**
 * An unprivileged container: liblxc makes the node from inside the container's user namespace,
 * where host root is unmapped, and logs the kernel's EOVERFLOW at the step that failed (a
 * missing parent directory or the node itself) before lxc_device.c's own line.
 */
export function unmappedNodeMessage(name: string, dev: string, step: { syscall?: string; path?: string }): string {
  const line = (file: string, func: string, n: number, text: string) => `${logLine('lxc-device', name, file, func, n, text)}\n`;
  const path = step.path ?? dev;
  const head = step.syscall === 'mkdir'
    ? line('../src/lxc/utils.c', 'mkdir_p', 236, `${EOVERFLOW_TEXT} - Failed to create directory "${path}"`)
      + line(LXCCONTAINER, 'do_add_remove_node', 4613, `${EOVERFLOW_TEXT} - Failed to create path "${path}"`)
    : line(LXCCONTAINER, 'do_add_remove_node', 4622, `${EOVERFLOW_TEXT} - Failed to create device node at "${path}"`);
  return head + line(LXCCONTAINER, 'do_add_remove_node', 4572, 'Failed to create device node') + deviceMessage('addFailed', name, dev);
}
