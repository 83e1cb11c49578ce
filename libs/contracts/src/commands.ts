/**
 * Request bodies of the user verbs (`lxcbus.v1.cmd.<host>.<owner>.<verb>`).
 * Plain JSON; unknown fields are refused so typos surface as BAD_REQUEST.
 */
import { z } from 'zod';
import { CONTAINER_NAME_PATTERN } from './names';
import { CONTAINER_STATES } from './states';
import { ImagesRequest } from './images';
import { ConfigGetRequest, CopyRequest, SnapshotRequest } from './toolbox';
import { DeviceRequest, TopRequest } from './devices';
import { ConsoleRequest } from './console';

const name = z.string().regex(CONTAINER_NAME_PATTERN);
const absPath = z.string().min(1).max(4096).refine((p) => p.startsWith('/') && !p.split('/').includes('..'), {
  message: 'must be an absolute path without ".."',
});
const argv = z.array(z.string().max(65536)).max(4096);
const envVar = z.string().regex(/^[^=\0]+=[^\0]*$/, 'NAME=value');

export const CreateRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  template: z.string().min(1).max(256).optional(),
  templateArgs: argv.default([]),
  /** Text of `-f FILE`, read by the client; replaces default.conf as in LXC. */
  configText: z.string().max(1 << 20).optional(),
  /** Path of `-f FILE`, for messages and relative includes. */
  configPath: absPath.optional(),
  bdev: z.enum(['dir', 'best', 'overlay', 'overlayfs']).default('dir'),
  /** lxc-create --dir: where a dir rootfs goes instead of <container>/rootfs (ignored by overlay, as LXC). */
  rootfsDir: absPath.optional(),
}).strict();
export type CreateRequest = z.infer<typeof CreateRequest>;

export const StartRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  /** `-s KEY=VALUE` overrides, applied on top of the container config for this run. */
  defines: z.array(z.string().regex(/^lxc\.[^=\s]+=.*$/s, 'lxc.KEY=VALUE')).default([]),
  /** `-f FILE` text: an alternative config for this run. */
  rcfileText: z.string().max(1 << 20).optional(),
  rcfilePath: absPath.optional(),
  /** Trailing `-- cmd`: replaces lxc.init.cmd for this run. */
  command: argv.optional(),
  /** lxc-execute: run `command` under a minimal init, wait for it, reply with its exit status and console output. */
  execute: z.boolean().optional(),
  /**
   * lxc-execute with the caller's stdio: the command's stdin, stdout and stderr stream on
   * lxcbus.v1.io.<host>.<owner>.<session> as an attach session's (exit frame = its status), and
   * the reply comes as soon as it runs. Without it, the reply waits and carries the console output.
   */
  session: z.string().regex(/^[A-Za-z0-9]{8,64}$/).optional(),
  /**
   * lxc-execute with a session, from a caller with terminals among its stdin/stdout/stderr: the
   * command gets the container's console for those fds (LXC's lxc_terminal_set_stdfds), sized
   * rows x cols. The console's output is one stream: stdout's, or stderr's when only it is a tty.
   */
  tty: z.object({
    stdin: z.boolean(), stdout: z.boolean(), stderr: z.boolean(),
    rows: z.number().int().min(1).max(65535), cols: z.number().int().min(1).max(65535),
  }).strict().refine((t) => t.stdout || t.stderr, 'a terminal for stdout or stderr').optional(),
  /** lxc-start -F: keep the console output from the first byte for the `console` session with replay that follows. */
  foreground: z.boolean().optional(),
}).strict();
export type StartRequest = z.infer<typeof StartRequest>;

export const StopRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  /** Seconds to wait for a clean halt; -1 forever, 0 fire and forget (lxc-stop -t). */
  timeout: z.number().int().min(-1).max(86400).default(60),
  kill: z.boolean().default(false),
  nokill: z.boolean().default(false),
  nowait: z.boolean().default(false),
  /** lxc-stop -r: send lxc.signal.reboot, then wait up to `timeout` for the container to be RUNNING again. */
  reboot: z.boolean().default(false),
}).strict();
export type StopRequest = z.infer<typeof StopRequest>;

export const DestroyRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  force: z.boolean().default(false),
  snapshots: z.boolean().default(false),
}).strict();
export type DestroyRequest = z.infer<typeof DestroyRequest>;

export const AttachRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  /** Client-chosen session id; output flows on lxcbus.v1.io.<host>.<owner>.<session>.out. */
  session: z.string().regex(/^[A-Za-z0-9]{8,64}$/),
  /** Empty = the login shell of `uid` from the container's /etc/passwd, as lxc-attach does. */
  argv: argv.default([]),
  env: z.array(envVar).max(4096).default([]),
  clearEnv: z.boolean().default(false),
  cwd: z.string().max(4096).optional(),
  /** LXC's attach without an initial cwd: `cwd` (the caller's) where the container has that directory, else / (lxc-copy -e --). */
  cwdIfPresent: z.boolean().optional(),
  uid: z.number().int().min(0).max(0xfffffffe).optional(),
  gid: z.number().int().min(0).max(0xfffffffe).optional(),
  tty: z.boolean().default(false),
  rows: z.number().int().min(1).max(65535).optional(),
  cols: z.number().int().min(1).max(65535).optional(),
}).strict();
export type AttachRequest = z.infer<typeof AttachRequest>;

export const InfoRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  /** Ask for CPU/memory/blkio/network counters (needs the runtime-executor of the host). */
  stats: z.boolean().default(true),
}).strict();
export type InfoRequest = z.infer<typeof InfoRequest>;

export const LsRequest = z.object({
  lxcpath: absPath.optional(),
  stats: z.boolean().default(false),
}).strict();
export type LsRequest = z.infer<typeof LsRequest>;

export const WaitRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  states: z.array(z.enum(CONTAINER_STATES as [string, ...string[]])).min(1).max(8),
  /** Milliseconds this request may wait; the client loops for longer waits. */
  timeoutMs: z.number().int().min(0).max(60_000),
}).strict();
export type WaitRequest = z.infer<typeof WaitRequest>;

/** lxc-cgroup -n NAME KEY [VALUE]: without value, read. KEY is a cgroup file name (memory.max, pids.max). */
export const CgroupRequest = z.object({
  name,
  lxcpath: absPath.optional(),
  key: z.string().regex(/^[a-z0-9_]+\.[A-Za-z0-9_.]+$/).refine((k) => !k.includes('..'), 'must be a cgroup file name'),
  value: z.string().max(65536).refine((v) => !/[\0\n]/.test(v), 'must not contain NUL or newline').optional(),
}).strict();
export type CgroupRequest = z.infer<typeof CgroupRequest>;

/** lxc-freeze / lxc-unfreeze -n NAME. */
export const FreezeRequest = z.object({
  name,
  lxcpath: absPath.optional(),
}).strict();
export type FreezeRequest = z.infer<typeof FreezeRequest>;

export const COMMAND_SCHEMAS = {
  create: CreateRequest,
  start: StartRequest,
  stop: StopRequest,
  destroy: DestroyRequest,
  attach: AttachRequest,
  info: InfoRequest,
  ls: LsRequest,
  wait: WaitRequest,
  images: ImagesRequest,
  'config-get': ConfigGetRequest,
  copy: CopyRequest,
  snapshot: SnapshotRequest,
  cgroup: CgroupRequest,
  freeze: FreezeRequest,
  unfreeze: FreezeRequest,
  device: DeviceRequest,
  top: TopRequest,
  console: ConsoleRequest,
} as const;
