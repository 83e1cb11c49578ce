/**
 * Rootless populate: the image-fetcher runs as an ordinary user, who can neither chown a rootfs
 * into her subordinate ids nor let a template write modes like LXC's (directories without her
 * own write bit). So the template runs as LXC runs it for an unprivileged lxc-create: as root
 * of a user namespace with the container's maps plus her own ids, written by newuidmap and
 * newgidmap (the shim's usernsexec mode, LXC's lxc-usernsexec). Files land on her subordinate
 * ids directly; no shift follows. See docs/decisions/rootless.md.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { shimBinaryPath } from '@lxcbus/bus-client';
import { BadRequestError, errorFromWire, OWNER_NAMESPACE_TEMPLATES, RootlessUnsupportedError, TemplateFailedError, type IdmapEntry, type WireError } from '@lxcbus/contracts';
import { lookupUser } from '@lxcbus/bus-client';
import type { TemplateBytes, TemplateProgress, TemplateResult } from '../templates';
import type { UsernsTemplateJob } from './userns-template-main';

export function populatesInUserns(idmaps: readonly IdmapEntry[], uid: number | undefined = process.getuid?.()): boolean {
  return uid !== undefined && uid !== 0 && idmaps.length > 0;
}

/**
 * busybox and local only. The download template would run as the container's root too, and
 * so write the shared image cache (and gpg's state) under her home as her container's root,
 * not as her; that is not built or tested here, so it is refused rather than half-working.
 */
const ROOTLESS_TEMPLATES = new Set(OWNER_NAMESPACE_TEMPLATES);

export function assertRootlessTemplate(template: string): void {
  if (ROOTLESS_TEMPLATES.has(template)) return;
  throw new RootlessUnsupportedError(
    `template "${template}" is not available in a rootless stack (run without root): only ${[...ROOTLESS_TEMPLATES].join(' and ')} run inside the user namespace here`,
    { template, reason: 'rootless' },
  );
}

export function usernsexecArgs(idmaps: readonly IdmapEntry[], command: readonly string[]): string[] {
  return ['usernsexec', ...idmaps.flatMap((m) => ['-m', `${m.kind}:${m.nsid}:${m.hostid}:${m.range}`]), '-s', '--', ...command];
}

/** Who runs the namespace: the image-fetcher itself (rootless), or, for a root-run stack, the owner. */
export interface UsernsRunner {
  uid?: number;
  gid?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Root-run stack, `asOwner`: the template runs as her (uid, gid, a clean environment with her
 * home), so newuidmap checks her delegation and her rights bound what it touches.
 */
export function ownerRunner(owner: string, template: string, idmaps: readonly IdmapEntry[]): UsernsRunner {
  const user = lookupUser(owner);
  if (idmaps.length === 0) throw new BadRequestError('asOwner: the container has no lxc.idmap to run the template in', { owner });
  if (!user || owner === 'root') throw new BadRequestError(`asOwner: ${owner} is not an ordinary user on this host`, { owner });
  if (!ROOTLESS_TEMPLATES.has(template)) throw new BadRequestError(`asOwner: template "${template}" cannot run in the owner's namespace`, { template });
  return { uid: user.uid, gid: user.gid, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: user.home, USER: user.name, LANG: 'C.UTF-8' } };
}

export function runTemplateInUserns(
  job: UsernsTemplateJob, idmaps: readonly IdmapEntry[], progress: TemplateProgress, bytes: TemplateBytes, runner: UsernsRunner = {},
): Promise<TemplateResult> {
  const argv = usernsexecArgs(idmaps, [process.execPath, join(__dirname, 'userns-template-main.js')]);
  const child = spawn(shimBinaryPath(), argv, { stdio: ['pipe', 'pipe', 'pipe'], cwd: '/', ...runner });
  child.stdin.end(JSON.stringify(job));
  let result: TemplateResult | undefined;
  let error: WireError | undefined;
  let stderr = '';
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
  createInterface({ input: child.stdout }).on('line', (l) => {
    const ev = JSON.parse(l) as { line?: string; bytes?: [string, number, number | null]; result?: TemplateResult; error?: WireError };
    if (ev.line !== undefined) progress(ev.line);
    if (ev.bytes) bytes(ev.bytes[0], ev.bytes[1], ev.bytes[2] ?? undefined);
    if (ev.result) result = ev.result;
    if (ev.error) error = ev.error;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (error) return reject(errorFromWire(error));
      if (result && code === 0) return resolve(result);
      reject(new TemplateFailedError(`${job.template}: the template in the user namespace failed (exit ${code}): ${stderr.trim()}`, { template: job.template }));
    });
  });
}
