/**
 * lxc-create options (src/lxc/tools/lxc_create.c, 5.0.2). The backing-store
 * options are long-only in the help text but their table values are the
 * characters '0'..'8', so `-0 LV` works like `--lvname=LV` and --usage lists them.
 * A template is mandatory (`-t none` for an empty rootfs) even with -f.
 */
import type { LongOption } from './getopt';
import { failWith, parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export const BDEV_TYPES = ['dir', 'btrfs', 'loop', 'lvm', 'nbd', 'overlay', 'overlayfs', 'rbd', 'zfs', 'best'] as const;

export interface CreateArgs extends CommonArgs {
  template: string;
  /** -f: initial configuration file. */
  config?: string;
  bdev?: string;
  dir?: string;
  lvname?: string;
  vgname?: string;
  thinpool?: string;
  fstype?: string;
  /** Raw --fssize text (SIZE[bBkKmMgGtT]); 5.0.2 accepts anything here. */
  fssize?: string;
  zfsroot?: string;
  rbdname?: string;
  rbdpool?: string;
  /** Everything after `--`, passed to the template. */
  templateArgs: string[];
}

type CreateState = Partial<Omit<CreateArgs, keyof CommonArgs | 'templateArgs'>>;

const FIELDS: Record<string, keyof CreateState> = {
  B: 'bdev', f: 'config', t: 'template', '0': 'lvname', '1': 'vgname', '2': 'thinpool',
  '3': 'fstype', '4': 'fssize', '5': 'zfsroot', '6': 'dir', '7': 'rbdname', '8': 'rbdpool',
};

const OPTIONS: readonly LongOption[] = [
  { name: 'bdev', hasArg: 'required', val: 'B' },
  { name: 'config', hasArg: 'required', val: 'f' },
  { name: 'template', hasArg: 'required', val: 't' },
  { name: 'lvname', hasArg: 'required', val: '0' },
  { name: 'vgname', hasArg: 'required', val: '1' },
  { name: 'thinpool', hasArg: 'required', val: '2' },
  { name: 'fstype', hasArg: 'required', val: '3' },
  { name: 'fssize', hasArg: 'required', val: '4' },
  { name: 'zfsroot', hasArg: 'required', val: '5' },
  { name: 'dir', hasArg: 'required', val: '6' },
  { name: 'rbdname', hasArg: 'required', val: '7' },
  { name: 'rbdpool', hasArg: 'required', val: '8' },
  ...COMMON_OPTIONS,
];

export const createSpec: ToolSpec<CreateState, CreateArgs> = {
  tool: 'lxc-create',
  options: OPTIONS,
  initial: () => ({}),
  apply(state, val, arg) {
    const field = typeof val === 'string' ? FIELDS[val] : undefined;
    if (field) state[field] = arg;
    return true;
  },
  helpHook: (state) => state.template,
  finish(common, state): ParseOutcome<CreateArgs> {
    if (state.template === undefined) return failWith(common, 'lxc-create', 'createNoTemplate');
    if (state.bdev !== undefined && !(BDEV_TYPES as readonly string[]).includes(state.bdev)) {
      return failWith(common, 'lxc-create', 'createBadBdev', state.bdev);
    }
    return { kind: 'run', args: { ...common, ...state, template: state.template, templateArgs: common.argv } };
  },
};

export function parseCreateArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<CreateArgs> {
  return parseLxcArguments(createSpec, args, settings);
}
