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
