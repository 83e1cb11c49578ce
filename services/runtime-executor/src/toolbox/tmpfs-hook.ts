/**
 * lxc-copy -e -t: LXC 5.0.2 (lxc_copy.c mount_tmpfs) writes a pre-mount hook
 * script `pre-start-XXXXXX` (0755) beside the clone's config that mounts a
 * tmpfs on the clone's overlay directory, so the upper and work layers live in
 * memory, and recreates etc/hostname in the fresh delta unless the name is
 * kept; the config gains `lxc.hook.pre-mount = <script>` before
 * `lxc.ephemeral = 1`. The shim runs pre-mount hooks in the container's mount
 * namespace (native hooks.c), so the tmpfs never appears on the host.
 * Text checked against the real tool's script.
 */
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

export function tmpfsScript(cloneDir: string, name: string, keepName: boolean): string {
  const lines = ['#! /bin/sh', `mount -n -t tmpfs -o mode=0755 none ${cloneDir}/overlay`];
  if (!keepName) lines.push(`mkdir -p ${cloneDir}/overlay/delta/etc`, `echo ${name} > ${cloneDir}/overlay/delta/etc/hostname`);
  return lines.map((l) => `${l}\n`).join('');
}

/** Writes the script as mkstemp would (a new file, random suffix) and returns the config line. */
export async function writeTmpfsHook(cloneDir: string, name: string, keepName: boolean): Promise<string> {
  const suffix = [...randomBytes(6)].map((b) => ALNUM[b % ALNUM.length]).join('');
  const file = join(cloneDir, `pre-start-${suffix}`);
  await writeFile(file, tmpfsScript(cloneDir, name, keepName), { mode: 0o755, flag: 'wx' });
  return `lxc.hook.pre-mount = ${file}`;
}
