/**
 * Run directories (`<runRoot>/<id>/`): what a restarted executor finds there. A live shim
 * answers on shim.sock; a shim that saw its init exit left an `exit` record
 * (status, code, signal, time as key<TAB>value lines); anything else is stale.
 */
import { readdir, rm, stat } from 'fs/promises';
import { join } from 'path';
import { ShimGoneError, ShimNotRunningError } from './errors';
import { ShimClient } from './shim-client';
import { readExitRecord } from './exit-record';
import type { ExitStatus } from './types';

export type RunDirStatus =
  | { id: string; runDir: string; kind: 'running'; shimPid: number; initPid: number }
  | { id: string; runDir: string; kind: 'exited'; exit: ExitStatus }
  | { id: string; runDir: string; kind: 'stale'; reason: string };

export async function probeRunDir(runDir: string, id: string): Promise<RunDirStatus> {
  try {
    const st = await ShimClient.forRunDir(runDir, { requestTimeoutMs: 2000 }).state();
    return { id, runDir, kind: 'running', shimPid: st.shimPid, initPid: st.initPid };
  } catch (err) {
    // A shim tearing down drops queued connections; its exit record is written before that.
    if (!(err instanceof ShimNotRunningError) && !(err instanceof ShimGoneError)) throw err;
  }
  const exit = await readExitRecord(runDir);
  if (exit) return { id, runDir, kind: 'exited', exit };
  return { id, runDir, kind: 'stale', reason: 'no shim answers and no exit record' };
}

export async function scanRunDirs(runRoot: string): Promise<RunDirStatus[]> {
  let names: string[];
  try {
    names = await readdir(runRoot);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: RunDirStatus[] = [];
  for (const name of names.sort()) {
    const dir = join(runRoot, name);
    if (!(await stat(dir)).isDirectory()) continue;
    out.push(await probeRunDir(dir, name));
  }
  return out;
}

/** Removes a run dir once its exit has been reported. Refuses while a shim still answers. */
export async function clearRunDir(runDir: string): Promise<void> {
  const st = await probeRunDir(runDir, '');
  if (st.kind === 'running') throw new Error(`clearRunDir: shim ${st.shimPid} still running in ${runDir}`);
  await rm(runDir, { recursive: true, force: true });
}
