/**
 * `ref.json` in a container's run dir: who the container is, so an executor
 * that restarts can map a live shim (or its exit record) back to a container.
 */
import { readFile, writeFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { ContainerRef, StartRequest } from '@lxcbus/contracts';

export interface RunRecord extends ContainerRef {
  stopSignal: number;
  haltSignal: number;
  cgroupName: string;
  cgroupRoot: string;
  startedAt: string;
  /** The start request (-s defines, -f rcfile, command), so a reboot of a re-adopted container starts it the same way. */
  start?: StartRequest;
}

export async function writeRunRecord(runDir: string, rec: RunRecord): Promise<void> {
  const tmp = join(runDir, 'ref.json.tmp');
  await writeFile(tmp, JSON.stringify(rec), { mode: 0o600 });
  await rename(tmp, join(runDir, 'ref.json'));
}

export async function readRunRecord(runDir: string): Promise<RunRecord | null> {
  try {
    return JSON.parse(await readFile(join(runDir, 'ref.json'), 'utf8')) as RunRecord;
  } catch {
    return null;
  }
}
