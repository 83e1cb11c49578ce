/**
 * The client half of an attach session (see runtime-executor attach-bridge):
 * subscribe to the session's output first, then ask for the process; send
 * stdin, window size and keepalives; exit with the process's status.
 * With a terminal, stdin is put in raw mode so job control keys reach the
 * container's tty, and restored however the session ends.
 */
import { IO_KEEPALIVE_INTERVAL_MS, IoKind, type AttachReply, type AttachRequest, type IoExit } from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import { openIoSession, pumpOutput, sendFrame as send, sendResize, sendStdin } from './session-io';

export interface AttachIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export { newSessionId } from './session-io';

/** LXC allocates a pty when any of the three standard fds is a terminal. */
export function wantsTty(io: AttachIo): boolean {
  return Boolean(io.stdin.isTTY || io.stdout.isTTY || io.stderr.isTTY);
}

export async function runAttach(bus: BusClient, req: Omit<AttachRequest, 'session'>, io: AttachIo): Promise<IoExit> {
  const { nc } = bus;
  const { inSubject, out } = await openIoSession<AttachReply>(bus, 'attach', req);
  const raw = req.tty && io.stdin.isTTY;
  if (raw) io.stdin.setRawMode(true);
  const onData = (chunk: Buffer) => sendStdin(nc, inSubject, chunk);
  const onEnd = () => send(nc, inSubject, IoKind.eof);
  const onResize = () => sendResize(nc, inSubject, io.stdout);
  io.stdin.on('data', onData);
  io.stdin.once('end', onEnd);
  if (req.tty) process.on('SIGWINCH', onResize);
  const keepalive = setInterval(() => send(nc, inSubject, IoKind.keepalive), IO_KEEPALIVE_INTERVAL_MS);
  try {
    return (await pumpOutput(out, io.stdout, io.stderr)) ?? { code: 1, signal: null, message: 'the attach session ended without an exit status' };
  } finally {
    clearInterval(keepalive);
    out.unsubscribe();
    io.stdin.off('data', onData);
    io.stdin.off('end', onEnd);
    io.stdin.pause();
    if (req.tty) process.off('SIGWINCH', onResize);
    if (raw) io.stdin.setRawMode(false);
  }
}

/**
 * The directory an attached command starts in, as LXC's attach: the caller's own (the executor
 * falls back to / where the container has no such directory, `cwdIfPresent`); / when the
 * caller's directory was removed (getcwd fails).
 */
export function callerCwd(): string {
  try {
    return process.cwd();
  } catch {
    return '/';
  }
}
