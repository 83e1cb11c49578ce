/**
 * lxc-device (src/lxc/tools/lxc_device.c, 5.0.2): only the common options; the operands are
 * `add|del DEV [NAME]`. main() checks them only after it has found the container running,
 * so an incomplete or unknown command is left for the tool to refuse (device.tool.ts).
 * The command word matches like `strncmp(cmd, "add", strlen(cmd))`: any prefix of add or del.
 */
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface DeviceArgs extends CommonArgs {
  /** undefined: no command given (fewer than two operands); 'bad': neither add nor del. */
  action?: 'add' | 'del' | 'bad';
  device?: string;
  /** The second name (in the container for add, on the host for del); LXC defaults it to DEV. */
  target?: string;
}

/** LXC tests add first, so the empty word means add. */
export function deviceAction(word: string): 'add' | 'del' | 'bad' {
  if ('add'.startsWith(word)) return 'add';
  if ('del'.startsWith(word)) return 'del';
  return 'bad';
}

export const deviceSpec: ToolSpec<object, DeviceArgs> = {
  tool: 'lxc-device',
  options: COMMON_OPTIONS,
  initial: () => ({}),
  apply: () => true,
  finish(common): ParseOutcome<DeviceArgs> {
    const [cmd, device, target] = common.argv;
    if (cmd === undefined || device === undefined) return { kind: 'run', args: common };
    return { kind: 'run', args: { ...common, action: deviceAction(cmd), device, ...(target !== undefined && { target }) } };
  },
};

export function parseDeviceArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<DeviceArgs> {
  return parseLxcArguments(deviceSpec, args, settings);
}
