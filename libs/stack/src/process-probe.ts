/**
 * Looking at other processes by pid. A pid alone can be reused after its
 * process died, so callers that signal a recorded pid first check that its
 * command line is still the one they started.
 */
import { readFileSync } from 'node:fs';

/** Alive and not a zombie (a zombie still answers kill(pid, 0) until reaped). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3, after the parenthesised comm which may itself hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function cmdlineOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

/** True when the live process `pid` runs with `marker` (a script or config path) among its arguments. */
export function runsWith(pid: number, marker: string): boolean {
  const argv = isAlive(pid) ? cmdlineOf(pid) : null;
  return argv !== null && argv.includes(marker);
}

export function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until the process is gone; false when it still lives at the deadline. */
export async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() >= until) return false;
    await sleep(100);
  }
  return true;
}
