/** Reply bodies. Every reply is `{ok:true, ...fields}` or `{ok:false, error}`. */
import type { WireError } from './errors';
import type { ContainerState } from './states';

export type OkReply<T extends object = object> = { ok: true } & T;
export interface ErrorReply {
  ok: false;
  error: WireError;
}
export type Reply<T extends object = object> = OkReply<T> | ErrorReply;

export interface ContainerStats {
  cpuNs?: number;
  blkioBytes?: number;
  memBytes?: number;
  kmemBytes?: number;
}

export interface LinkStats {
  name: string;
  txBytes: number;
  rxBytes: number;
}

export interface ContainerInfo {
  name: string;
  state: ContainerState;
  pid?: number;
  ips: string[];
  stats?: ContainerStats;
  links: LinkStats[];
}

export interface LsRow {
  name: string;
  state: ContainerState;
  pid?: number;
  autostart: boolean;
  groups: string[];
  ipv4: string[];
  ipv6: string[];
  interfaces: string[];
  unprivileged: boolean;
  ramBytes?: number;
  swapBytes?: number;
}

export interface CreateReply {
  name: string;
  lxcpath: string;
  /** Template output the CLI prints (create-message and the like). */
  message?: string;
  warnings: string[];
}
export interface StartReply {
  name: string;
  state: ContainerState;
  pid: number;
  alreadyRunning: boolean;
  /** lxc-execute: how the command ended (128+signal when killed) and what it wrote to the console, base64. */
  exit?: { code: number; output: string };
}
export interface StopReply {
  name: string;
  state: ContainerState;
  killed: boolean;
  /** lxc-stop -r that waited: the init pid of the restarted container. */
  pid?: number;
}
export interface DestroyReply {
  name: string;
}
export interface AttachReply {
  session: string;
  pid: number;
}
export interface InfoReply {
  info: ContainerInfo;
}
export interface LsReply {
  containers: LsRow[];
}
export interface WaitReply {
  matched: boolean;
  state: ContainerState | null;
}

/** lxc-cgroup: `value` is the file's content when reading (LXC prints it plus a newline). */
export interface CgroupReply {
  name: string;
  key: string;
  value?: string;
}

/** lxc-freeze / lxc-unfreeze. */
export interface FreezeReply {
  name: string;
  state: 'FROZEN' | 'RUNNING' | 'STOPPED';
}

export function ok<T extends object>(body: T): OkReply<T> {
  return { ok: true, ...body };
}
