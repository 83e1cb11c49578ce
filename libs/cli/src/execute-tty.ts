/**
 * lxc-execute from a terminal. LXC 5.0.2 swaps the container's console in for each of the
 * caller's standard fds that is a terminal (lxc_terminal_set_stdfds) and puts the caller's
 * terminal in raw mode with output post-processing kept (\n -> \r\n stays), as libuv's raw
 * mode does. The console's output comes back as one stream, so at least stdout or stderr
 * must be a terminal: with only stdin on one (`lxc-execute -- cmd >f 2>&1`) the command
 * gets pipes, as without a terminal (docs/decisions/execute-and-cli-speed.md).
 */
import type { StartRequest } from '@lxcbus/contracts';
import type { AttachIo } from './attach-client';

export type ExecuteTty = NonNullable<StartRequest['tty']>;

/** Which of the caller's fds are terminals, and their size; undefined when the command gets pipes only. */
export function callerTty(io: AttachIo): ExecuteTty | undefined {
  const stdin = Boolean(io.stdin.isTTY), stdout = Boolean(io.stdout.isTTY), stderr = Boolean(io.stderr.isTTY);
  if (!stdout && !stderr) return undefined;
  return { stdin, stdout, stderr, ...windowSize(io, stdout) };
}

/** The terminal's size, from the output stream that is one; LXC's 0x0 fallback is not a size, 24x80 is. */
export function windowSize(io: AttachIo, fromStdout: boolean): { rows: number; cols: number } {
  const w = fromStdout ? io.stdout : io.stderr;
  return { rows: w.rows > 0 ? w.rows : 24, cols: w.columns > 0 ? w.columns : 80 };
}

/**
 * Raw mode on a terminal stdin (keys such as ^C and ^Z go to the console's line discipline)
 * and window size changes sent on with `resize`. Returns what undoes both, whatever the end.
 */
export function enterTerminal(io: AttachIo, tty: ExecuteTty, resize: (size: { rows: number; cols: number }) => void): () => void {
  const raw = tty.stdin && typeof io.stdin.setRawMode === 'function';
  if (raw) io.stdin.setRawMode(true);
  const onResize = () => resize(windowSize(io, tty.stdout));
  process.on('SIGWINCH', onResize);
  return () => {
    process.off('SIGWINCH', onResize);
    if (raw) io.stdin.setRawMode(false);
  };
}
