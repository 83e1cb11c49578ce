import { mkdir, writeFile } from 'fs/promises';
import { join } from 'path';
import { defaultShimPath } from './addon';
import { InvalidArgumentError } from './errors';
import { nativeKernel, type KernelPort } from './kernel-port';
import { serializeSpec } from './spec-file';
import { validateSpec } from './spec-validate';
import type { ContainerSpec, StartResult } from './types';

export interface StartOptions {
  shimPath?: string;
  /** How long to wait for the shim's readiness line. */
  timeoutMs?: number;
  kernel?: KernelPort;
}

export const START_DEFAULTS = { timeoutMs: 60_000 } as const;

export function shimTitle(spec: Pick<ContainerSpec, 'lxcpath' | 'name'>): string {
  return `[lxcbus shim] ${spec.lxcpath} ${spec.name}`;
}

/**
 * Writes `<runDir>/spec` and starts the shim. Resolves once init has exec'd; rejects with a
 * NativeError (op chain, code, syscall, path) when any setup step or the exec failed.
 */
export async function startContainer(spec: ContainerSpec, opts: StartOptions = {}): Promise<StartResult> {
  validateSpec(spec);
  const timeoutMs = opts.timeoutMs ?? START_DEFAULTS.timeoutMs;
  if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new InvalidArgumentError('timeoutMs', 'must be a positive integer');
  await mkdir(spec.runDir, { recursive: true, mode: 0o700 });
  const specPath = join(spec.runDir, 'spec');
  await writeFile(specPath, serializeSpec(spec), { mode: 0o600 });
  const kernel = opts.kernel ?? nativeKernel();
  return kernel.startShim({
    shimPath: opts.shimPath ?? defaultShimPath(),
    specPath,
    runDir: spec.runDir,
    title: shimTitle(spec),
    timeoutMs,
  });
}
