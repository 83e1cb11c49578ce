/**
 * What runtime-executor needs from the kernel, as a port: the native addon
 * and shim implement it (native-kernel.ts); unit specs use a recording fake.
 */
import type { Readable, Writable } from 'node:stream';
import type { ContainerSpec } from '../containers/container-spec';
import type { UsageFigures } from '@lxcbus/contracts';

export interface Started {
  shimPid: number;
  initPid: number;
}

/** How init ended: raw wait status plus its decoded parts. */
export interface ExitStatus {
  status: number;
  code: number | null;
  signal: number | null;
  /** The OOM killer struck inside the container's memory cgroup. */
  oom?: boolean;
}

export interface ExecOptions {
  argv: string[];
  env: string[];
  cwd: string;
  uid: number;
  gid: number;
  tty: boolean;
  rows?: number;
  cols?: number;
}

export interface ExecSession {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  started: Promise<number>;
  exit: Promise<{ code: number; signal: number | null; message?: string }>;
  resize(rows: number, cols: number): void;
  signal(sig: number): void;
  close(): void;
}

export interface ShimHandle {
  state(): Promise<{ running: boolean; initPid: number }>;
  /** Halt signal, wait up to timeoutMs (-1 forever, 0 don't wait), then SIGKILL. Resolves true if init is gone. */
  stop(haltSignal: number, timeoutMs: number, kill: boolean): Promise<boolean>;
  kill(signal: number): Promise<void>;
  /** kill() without thawing a frozen container (the signal waits for the thaw, as with liblxc's shutdown/reboot). */
  signal(signal: number): Promise<void>;
  /** Resolves once, when init has exited and the shim has cleaned up. */
  watch(): Promise<ExitStatus>;
  exec(opts: ExecOptions): ExecSession;
  /** lxc-execute: the command's stdio (started with initStdio); optional so fakes need not have it. */
  stdio?(): ExecSession;
  /** lxc-console: the console (tty 0) or a tty; `started` resolves with its number, rejects when taken. */
  console(opts: { tty: number; replay: boolean }): ExecSession;
  /** lxc-cgroup: a file of the container's cgroup (v1 hierarchy that has it, else the cgroup2 leaf). */
  cgroupGet(key: string): Promise<string>;
  cgroupSet(key: string, value: string): Promise<void>;
  /** Resolves once the freezer has settled; rejects after timeoutMs (the shim thaws a stuck freeze). */
  freeze(freeze: boolean, timeoutMs: number): Promise<void>;
  /** FROZEN, FREEZING, THAWED, or NONE without a freezer. */
  freezerState(): Promise<string>;
  /** lxc-device: moves link `src` in (add) or out (del) as `dst`, or makes/removes node `dst`; says which. */
  device(action: 'add' | 'del', src: string, dst: string): Promise<'net' | 'node'>;
}

export interface RunDirScan {
  runDir: string;
  live: boolean;
  initPid?: number;
  exit?: ExitStatus;
}

export type CgroupUsage = UsageFigures;

export interface KernelPort {
  start(spec: ContainerSpec): Promise<Started>;
  connect(runDir: string): ShimHandle;
  scan(runRoot: string): Promise<RunDirScan[]>;
  clearRunDir(runDir: string): Promise<void>;
  usage(cgroupRoot: string, cgroupName: string): Promise<CgroupUsage>;
}

export const KERNEL_PORT = Symbol('KERNEL_PORT');
