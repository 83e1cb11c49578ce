/** What lxc-console and lxc-start -F need to know about the caller's terminal. */
import { fstatSync } from 'node:fs';

/** Memory devices (/dev/null, /dev/zero, ...) have major 1 and no poll operation. */
const MEM_MAJOR = 1;

/**
 * Whether epoll would take this stdin, as LXC's console loop needs: regular files,
 * directories and the memory devices are refused (EPERM), pipes, sockets and ttys are not.
 */
export function isPollable(stdin: NodeJS.ReadStream & { fd?: number }): boolean {
  try {
    const st = fstatSync(stdin.fd ?? 0);
    if (st.isFile() || st.isDirectory()) return false;
    return !(st.isCharacterDevice() && Math.floor(st.rdev / 256) === MEM_MAJOR && !stdin.isTTY);
  } catch {
    return false;
  }
}

/** The caller's window size, when stdout is a terminal that has one (a fresh pty is 0x0). */
export function terminalSize(io: { stdout: NodeJS.WriteStream }): { rows?: number; cols?: number } {
  const { stdout } = io;
  return stdout.isTTY && stdout.rows > 0 && stdout.columns > 0 ? { rows: stdout.rows, cols: stdout.columns } : {};
}
