/**
 * LXC 5.0.2-compatible command-line parsing for the nine lxcbus drop-ins. Each
 * parseXxxArgs(argv) returns either `{ kind: 'run', args }` or
 * `{ kind: 'exit', stdout, stderr, code }` (help, usage, version, bad options,
 * missing name and the checks main() makes before acting).
 */
export { getoptLong } from './getopt';
export type { GetoptResult, GetoptSettings, HasArg, LongOption, OptionEvent } from './getopt';
export { COMMON_OPTIONS } from './tool-spec';
export type { CommonArgs, ExitOutcome, LxcToolName, ParseOutcome, ParseSettings, RunOutcome, ToolSpec } from './tool-spec';
export { DEFAULT_LXCPATH, LXC_VERSION, parseLxcArguments } from './lxc-arguments';
export { helpText, usageText } from './usage-text';
export { BDEV_TYPES, createSpec, parseCreateArgs } from './create-args';
export type { CreateArgs } from './create-args';
export { parseDefine, parseStartArgs, startSpec } from './start-args';
export type { ConfigDefine, ShareNamespace, StartArgs } from './start-args';
export { parseStopArgs, stopSpec } from './stop-args';
export type { StopArgs } from './stop-args';
export { infoSpec, parseInfoArgs } from './info-args';
export type { InfoArgs } from './info-args';
export { LS_DEFAULT_NESTING, lsSpec, parseLsArgs } from './ls-args';
export type { LsArgs } from './ls-args';
export { ATTACH_ARCHES, attachSpec, parseAttachArgs } from './attach-args';
export type { AttachArgs, AttachNamespace, ElevatedPrivilege } from './attach-args';
export {
  destroySpec, LXC_STATES, monitorSpec, parseDestroyArgs, parseMonitorArgs, parseWaitArgs, waitSpec,
} from './small-tools-args';
export type { DestroyArgs, LxcState, MonitorArgs, WaitArgs } from './small-tools-args';
export { cgroupSpec, parseCgroupArgs, parseFreezeArgs, parseUnfreezeArgs } from './cgroup-args';
export type { CgroupArgs, FreezeArgs } from './cgroup-args';
export { accumulateGroups, autostartSpec, groupListContains, parseAutostartArgs } from './autostart-args';
export type { AutostartArgs } from './autostart-args';
export { copySpec, parseCopyArgs } from './copy-args';
export type { CopyArgs, CopyTask } from './copy-args';
export { parseSnapshotArgs, snapshotSpec } from './snapshot-args';
export type { SnapshotArgs, SnapshotTask } from './snapshot-args';
export { executeSpec, parseExecuteArgs } from './execute-args';
export type { ExecuteArgs } from './execute-args';
export { deviceAction, deviceSpec, parseDeviceArgs } from './device-args';
export type { DeviceArgs } from './device-args';
export { parseTopArgs, sortKey, topSpec } from './top-args';
export type { TopArgs, TopSortKey } from './top-args';
export { consoleSpec, escapeCode, parseConsoleArgs } from './console-args';
export type { ConsoleArgs } from './console-args';
