/**
 * lxc-snapshot options (src/lxc/tools/lxc_snapshot.c, 5.0.2). -L, -r and -d
 * pick the task (the last wins); without one a snapshot is made, so `-N x` or
 * `-C` alone make one too, as the real tool does.
 */
import type { LongOption } from './getopt';
import { parseLxcArguments } from './lxc-arguments';
import { COMMON_OPTIONS, CommonArgs, ParseOutcome, ParseSettings, ToolSpec } from './tool-spec';

export type SnapshotTask = 'create' | 'list' | 'restore' | 'destroy';

export interface SnapshotArgs extends CommonArgs {
  task: SnapshotTask;
  /** -r or -d argument. */
  snapshot?: string;
  newName?: string;
  commentFile?: string;
  showComments: boolean;
}

type SnapshotState = Omit<SnapshotArgs, keyof CommonArgs>;

const OPTIONS: readonly LongOption[] = [
  { name: 'list', hasArg: 'none', val: 'L' },
  { name: 'restore', hasArg: 'required', val: 'r' },
  { name: 'newname', hasArg: 'required', val: 'N' },
  { name: 'destroy', hasArg: 'required', val: 'd' },
  { name: 'comment', hasArg: 'required', val: 'c' },
  { name: 'showcomments', hasArg: 'none', val: 'C' },
  ...COMMON_OPTIONS,
];

export const snapshotSpec: ToolSpec<SnapshotState, SnapshotArgs> = {
  tool: 'lxc-snapshot',
  options: OPTIONS,
  initial: () => ({ task: 'create', showComments: false }),
  apply(state, val, arg = '') {
    switch (val) {
      case 'L': state.task = 'list'; break;
      case 'r': state.task = 'restore'; state.snapshot = arg; break;
      case 'd': state.task = 'destroy'; state.snapshot = arg; break;
      case 'N': state.newName = arg; break;
      case 'c': state.commentFile = arg; break;
      case 'C': state.showComments = true; break;
    }
    return true;
  },
  finish: (common, state) => ({ kind: 'run', args: { ...common, ...state } }),
};

export function parseSnapshotArgs(args: readonly string[], settings?: ParseSettings): ParseOutcome<SnapshotArgs> {
  return parseLxcArguments(snapshotSpec, args, settings);
}
