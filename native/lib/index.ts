/** @lxcbus/native: the only entry. Kernel work lives in the shim; this is its typed surface. */
export type {
  ContainerSpec,
  ConsoleLogSpec,
  ExecExit,
  ExecOptions,
  ExitStatus,
  IdMapSpec,
  CgroupSetting,
  CgroupMountMode,
  ConfineSpec,
  MountEntry,
  NicSpec,
  ProcMode,
  ShimState,
  SignalLike,
  StartResult,
  SysMode,
} from './types';
export type { StartHookType } from './types';
export { START_HOOK_TYPES } from './types';
export { hooksArgv, runHooks } from './run-hooks';
export type { HookRun } from './run-hooks';
export {
  InvalidArgumentError,
  NativeError,
  NativeNotBuiltError,
  ShimGoneError,
  ShimNotRunningError,
  ShimProtocolError,
  ShimTimeoutError,
} from './errors';
export type { NativeErrorProps } from './errors';
export { defaultShimPath, isNativeBuilt, nativeBuildDir } from './addon';
export type { StartShimRequest } from './addon';
export { RecordingKernelPort, nativeKernel } from './kernel-port';
export type { KernelCall, KernelPort } from './kernel-port';
export { START_DEFAULTS, shimTitle, startContainer } from './start-container';
export type { StartOptions } from './start-container';
export { CLIENT_DEFAULTS, ShimClient } from './shim-client';
export { EXEC_DEFAULTS, ExecSession } from './exec-session';
export { ConsoleSession } from './console-session';
export type { ConsoleOptions } from './console-session';
export { clearRunDir, probeRunDir, scanRunDirs } from './run-dir';
export { readExitRecord } from './exit-record';
export type { RunDirStatus } from './run-dir';
export { SPEC_DEFAULTS, serializeSpec, parseSpecLines } from './spec-file';
export { validateExecOptions, validateSpec } from './spec-validate';
export { confineSpecLines, isCgroupKey, validateConfine } from './confine-spec';
export { MAX_IDMAP_EXTENTS, idmapSpecLines, validateIdmaps } from './idmap-spec';
export { toSignalNumber } from './signals';
export { FrameDecoder, FrameType, decodeExit, encodeFrame } from './frame-codec';
export { deviceRequestLine, parseDeviceReply } from './device-spec';
export type { DeviceAction, DeviceKind } from './device-spec';
export { nativeXattrs } from './xattrs';
export type { Xattrs } from './xattrs';
