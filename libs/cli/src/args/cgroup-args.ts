/**
 * lxc-cgroup, lxc-freeze and lxc-unfreeze (src/lxc/tools/lxc_{cgroup,freeze,unfreeze}.c,
 * 5.0.2): only the common options. lxc-cgroup takes `state-object [value]` as operands;
 * without a state object its checker fails with "could not parse command line" (rc 1).
 */
import { failWith, parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export interface CgroupArgs extends CommonArgs {
  key: string;
  /** Absent: read. */
  value?: string;
}

export type FreezeArgs = CommonArgs;

export const cgroupSpec: ToolSpec<object, CgroupArgs> = {
  tool: 'lxc-cgroup',
  options: COMMON_OPTIONS,
  initial: () => ({}),
  apply: () => true,
  finish(common): ParseOutcome<CgroupArgs> {
    const [key, value] = common.argv;
    if (key === undefined) return failWith(common, 'lxc-cgroup', 'parseFailed');
    return { kind: 'run', args: { ...common, key, ...(value !== undefined && { value }) } };
  },
};

const freezeSpec = (tool: 'lxc-freeze' | 'lxc-unfreeze'): ToolSpec<object, FreezeArgs> => ({
  tool,
  options: COMMON_OPTIONS,
  initial: () => ({}),
  apply: () => true,
  finish: (common) => ({ kind: 'run', args: common }),
});

export function parseCgroupArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<CgroupArgs> {
  return parseLxcArguments(cgroupSpec, args, settings);
}

export function parseFreezeArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<FreezeArgs> {
  return parseLxcArguments(freezeSpec('lxc-freeze'), args, settings);
}

export function parseUnfreezeArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<FreezeArgs> {
  return parseLxcArguments(freezeSpec('lxc-unfreeze'), args, settings);
}
