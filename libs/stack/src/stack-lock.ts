/**
 * One stack per state dir: the launcher's pid in `<statedir>/lxcbus.pid`,
 * created with O_EXCL. A pid file whose process is gone (or is no longer a
 * node process: pid reuse) is stale and taken over.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename, join } from 'node:path';
import { STATE_FILES } from './stack-defaults';
import { StackRunningError } from './stack-errors';
import { cmdlineOf, isAlive } from './process-probe';

export interface PidLock {
  path: string;
  /** True when a dead launcher's pid file was taken over (its children may linger). */
  tookOverStale: boolean;
  release(): void;
}

export function pidFilePath(statedir: string): string {
  return join(statedir, STATE_FILES.pid);
}

/** The pid in the file when that process is a live launcher, else null. */
export function runningLauncherPid(statedir: string): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(pidFilePath(statedir), 'utf8').trim());
  } catch {
    return null;
  }
  if (!isAlive(pid) || pid === process.pid) return null;
  const argv = cmdlineOf(pid);
  return argv && argv.length > 0 && /node|lxcbus/.test(basename(argv[0]) + (argv[1] ?? '')) ? pid : null;
}

function createExclusive(path: string): boolean {
  try {
    const fd = openSync(path, 'wx', 0o644);
    writeSync(fd, `${process.pid}\n`);
    closeSync(fd);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

export function acquirePidLock(statedir: string): PidLock {
  const path = pidFilePath(statedir);
  let tookOverStale = false;
  if (!createExclusive(path)) {
    const holder = runningLauncherPid(statedir);
    if (holder !== null) {
      throw new StackRunningError(`a stack is already running on state dir ${statedir} (pid ${holder}); stop it with: lxcbus down --statedir ${statedir}`);
    }
    unlinkSync(path);
    tookOverStale = true;
    // Lost a race with another launcher taking over the same stale file.
    if (!createExclusive(path)) throw new StackRunningError(`another stack is starting on state dir ${statedir}`);
  }
  return {
    path,
    tookOverStale,
    release() {
      try {
        if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
      } catch {
        // Already gone: nothing to release.
      }
    },
  };
}
