/**
 * Where the shim binary is, for the parts that run one of its local modes
 * (`lxcbus-shim usernsexec`: lxc-usernsexec, the rootless rootfs shift)
 * without loading the addon, which only runtime-executor may load.
 * LXCBUS_NATIVE_BUILD overrides, as for native/lib.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function shimBinaryPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.LXCBUS_NATIVE_BUILD) return join(resolve(env.LXCBUS_NATIVE_BUILD), 'lxcbus-shim');
  // Source: libs/bus-client/src; compiled: dist/libs/bus-client/src.
  const candidates = [resolve(__dirname, '../../../native/build'), resolve(__dirname, '../../../../native/build')].map((d) => join(d, 'lxcbus-shim'));
  return candidates.find((p) => existsSync(p)) ?? candidates[0];
}
