/**
 * Where the log goes and how it is opened, as lxc_log_init() / log_open() of
 * 5.0.2: parent directories made 0755, the file opened O_CREAT|O_WRONLY|O_APPEND
 * with mode 0660 (less the umask), never truncated. The CLI opens it with the
 * caller's own credentials, never through a service.
 * LXC follows a symlink at the path, dangling or not. lxcbus does too, except
 * where fs.protected_symlinks=1 would refuse it: a symlink in a sticky
 * world-writable directory (/tmp) owned by neither the caller nor the directory's
 * owner, so another user cannot plant /tmp/x -> /etc/shadow for root's `-o /tmp/x`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { strerror } from './strerror';

export const LOGPATH = '/var/log/lxc';
const LXCPATH = '/var/lib/lxc';
const LOG_C = '../src/lxc/log.c';

/** A liblxc line explaining why the log could not be opened (printed on stderr only). */
export interface OpenFailureLine {
  file: string;
  func: string;
  line: number;
  message: string;
}

export type OpenResult = { fd: number } | { failure: OpenFailureLine[] };

interface LogArgs {
  name: string;
  lxcpaths: string[];
  logfile?: string;
  logpriority?: string;
}

/**
 * The files to try, in order: `-o FILE` alone (a failure is fatal); nothing for
 * `-o none` or without -o/-l; with -l alone the per-container defaults, where
 * failures are ignored.
 * Deviation: LXC makes `<lxcpath>/<name>/` for the default file even when no such
 * container exists; lxcbus's lxc-create takes an existing directory for an existing
 * container, so that file (and the /var/log/lxc fallback behind it) is used only
 * when the directory is already there.
 */
export function logCandidates(a: LogArgs, euid: number): { explicit: boolean; paths: string[] } {
  if (a.logfile !== undefined) return { explicit: true, paths: a.logfile === 'none' ? [] : [a.logfile] };
  if (a.logpriority === undefined || !a.name) return { explicit: false, paths: [] };
  const lxcpath = a.lxcpaths[0] ?? LXCPATH;
  const containerDir = path.join(lxcpath, a.name);
  const own = isDirectory(containerDir) ? [path.join(containerDir, `${a.name}.log`)] : [];
  const global = path.join(LOGPATH, `${a.name}.log`);
  if (euid === 0 && lxcpath === LXCPATH) return { explicit: false, paths: [global, ...own, global] };
  return { explicit: false, paths: own.length ? [...own, global] : [] };
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

const errText = (err: unknown): string => strerror((err as NodeJS.ErrnoException).code, (err as Error).message);

const enableFailed = (text: string): OpenFailureLine => ({ file: LOG_C, func: 'lxc_log_init', line: 690, message: `${text} - Failed to enable logfile` });

/** build_dir(): every parent, 0755, an existing one (even a non-directory) is fine. */
function buildDir(file: string): OpenFailureLine[] | undefined {
  for (let i = 1; i < file.length; i += 1) {
    if (file[i] !== '/') continue;
    try {
      fs.mkdirSync(file.slice(0, i), 0o755);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      const t = errText(err);
      return [
        { file: LOG_C, func: 'build_dir', line: 516, message: `${t} - Failed to create directory "${file}"` },
        { file: LOG_C, func: '__lxc_log_set_file', line: 629, message: `${t} - Failed to create dir for log file "${file}"` },
        enableFailed(t),
      ];
    }
  }
  return undefined;
}

/**
 * fs.protected_symlinks' rule, checked only once O_NOFOLLOW showed a symlink; and root never
 * follows a link another user made (e.g. the default log in her container's directory), which
 * LXC would, appending to whatever file she names.
 */
function plantedSymlink(file: string, euid: number): boolean {
  const link = fs.lstatSync(file);
  if (!link.isSymbolicLink()) return false;
  if (euid === 0 && link.uid !== 0) return true;
  const dir = fs.statSync(path.dirname(file));
  const stickyWorldWritable = (dir.mode & 0o1002) === 0o1002;
  return stickyWorldWritable && link.uid !== euid && link.uid !== dir.uid;
}

const FLAGS = fs.constants.O_CREAT | fs.constants.O_WRONLY | fs.constants.O_APPEND;

function openAppend(file: string, euid: number): number {
  try {
    return fs.openSync(file, FLAGS | fs.constants.O_NOFOLLOW, 0o660);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ELOOP') throw err;
    if (plantedSymlink(file, euid)) throw Object.assign(new Error('planted symlink'), { code: 'EACCES' });
    return fs.openSync(file, FLAGS, 0o660);
  }
}

export function openLogFile(file: string, euid: number): OpenResult {
  // An empty -o: __lxc_log_set_file() refuses it before any open, errno EINVAL.
  if (file === '') return { failure: [enableFailed('Invalid argument')] };
  const dirFailure = buildDir(file);
  if (dirFailure) return { failure: dirFailure };
  try {
    return { fd: openAppend(file, euid) };
  } catch (err) {
    const t = errText(err);
    return { failure: [{ file: LOG_C, func: 'log_open', line: 534, message: `${t} - Failed to open log file "${file}"` }, enableFailed(t)] };
  }
}
