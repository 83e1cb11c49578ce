/**
 * The compiled addon (native/src/binding) and the shim binary. This is the one typed
 * declaration of the native surface; everything else goes through KernelPort.
 */
import { existsSync } from 'fs';
import { join, resolve } from 'path';
import { NativeError, NativeNotBuiltError, type NativeErrorProps } from './errors';

export interface StartShimRequest {
  shimPath: string;
  specPath: string;
  runDir: string;
  /** argv[0] of the shim, shown by ps: `[lxcbus shim] <lxcpath> <name>`. */
  title: string;
  timeoutMs: number;
}

/** Functions exported by lxcbus_native.node. */
export interface NativeAddon {
  /** posix_spawn the shim and wait (on a worker thread) for its readiness line. Rejects with NativeError. */
  startShim(req: StartShimRequest): Promise<{ shimPid: number; initPid: number }>;
  /** kill(pid, 0) succeeds or fails with EPERM. */
  processAlive(pid: number): boolean;
  /** kill(pid, sig); throws NativeError. */
  signal(pid: number, sig: number): void;
  /** llistxattr(path): the attribute names; [] where the filesystem supports none. Throws NativeError. */
  listXattrs(path: string): string[];
  /** lgetxattr(path, name): the value, null when absent. Throws NativeError. */
  getXattr(path: string, name: string): Buffer | null;
  /** lsetxattr(path, name, value, 0): creates or replaces. Throws NativeError. */
  setXattr(path: string, name: string, value: Buffer): void;
  /** lremovexattr(path, name); an absent attribute is not an error. Throws NativeError. */
  removeXattr(path: string, name: string): void;
  /** Errors thrown by the addon are constructed with this class: new cls(message, props). */
  setErrorClass(cls: new (message: string, props: NativeErrorProps) => Error): void;
}

/**
 * native/build holds both artefacts. From source (ts-jest) this file is native/lib; compiled it
 * is dist/native/lib. LXCBUS_NATIVE_BUILD overrides both.
 */
export function nativeBuildDir(): string {
  if (process.env.LXCBUS_NATIVE_BUILD) return resolve(process.env.LXCBUS_NATIVE_BUILD);
  const candidates = [resolve(__dirname, '../build'), resolve(__dirname, '../../../native/build')];
  return candidates.find((d) => existsSync(join(d, 'lxcbus-shim'))) ?? candidates[0];
}

export function addonPath(): string {
  return join(nativeBuildDir(), 'Release', 'lxcbus_native.node');
}

export function defaultShimPath(): string {
  return join(nativeBuildDir(), 'lxcbus-shim');
}

export function isNativeBuilt(): boolean {
  return existsSync(addonPath()) && existsSync(defaultShimPath());
}

let loaded: NativeAddon | undefined;

export function loadAddon(): NativeAddon {
  if (loaded) return loaded;
  const path = addonPath();
  if (!existsSync(path)) throw new NativeNotBuiltError(path);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const addon = require(path) as NativeAddon;
  addon.setErrorClass(NativeError);
  loaded = addon;
  return addon;
}
