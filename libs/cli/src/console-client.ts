/**
 * The client half of a console session (lxc-console, lxc-start -F): subscribe to the
 * session's output, ask for the terminal, then copy bytes both ways with the terminal
 * raw, until the container stops (the `exit` frame) or the user detaches with the
 * escape prefix. The terminal is restored however it ends.
 */
import { IO_KEEPALIVE_INTERVAL_MS, IO_KIND_HEADER, IoKind, type ConsoleReply, type ConsoleRequest } from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import type { AttachIo } from './attach-client';
import { EscapeFilter } from './console-escape';
import { openIoSession, sendFrame as send, sendStdin, sendResize, writeOut as write } from './session-io';

export interface ConsoleSessionOptions {
  /** The escape prefix byte; null: none (lxc-start -F passes every byte). */
  escape: number | null;
  /** Called once the terminal is granted, before raw mode (lxc-console's banner); false gives it back. */
  onConnected?: (tty: number) => boolean;
}

/** How a session ended: the container stopped, or the user detached (or closed stdin). */
export type ConsoleEnd = 'stopped' | 'detached';

export async function runConsole(
  bus: BusClient, req: Omit<ConsoleRequest, 'session'>, io: AttachIo, opts: ConsoleSessionOptions,
): Promise<ConsoleEnd> {
  const { nc } = bus;
  const { reply, inSubject, out } = await openIoSession<ConsoleReply>(bus, 'console', req);
  if (opts.onConnected && !opts.onConnected(reply.tty)) {
    send(nc, inSubject, IoKind.eof);
    out.unsubscribe();
    return 'detached';
  }
  const raw = Boolean(io.stdin.isTTY);
  if (raw) io.stdin.setRawMode(true);
  const filter = opts.escape === null ? null : new EscapeFilter(opts.escape);
  let detached = false;
  const detach = (): void => {
    detached = true;
    out.unsubscribe(); // ends the loop below; the executor drops the session when keepalives stop
  };
  const onData = (chunk: Buffer): void => {
    const r = filter ? filter.feed(chunk) : { data: chunk, detach: false };
    sendStdin(nc, inSubject, r.data);
    if (r.detach) detach();
  };
  // As LXC: the end of a piped stdin ends lxc-console; lxc-start -F keeps showing the console.
  const onEnd = (): void => void (filter && detach());
  const onResize = (): void => sendResize(nc, inSubject, io.stdout);
  io.stdin.on('data', onData);
  io.stdin.once('end', onEnd);
  process.on('SIGWINCH', onResize);
  const keepalive = setInterval(() => send(nc, inSubject, IoKind.keepalive), IO_KEEPALIVE_INTERVAL_MS);
  try {
    for await (const msg of out) {
      const kind = msg.headers?.get(IO_KIND_HEADER);
      if (kind === IoKind.stdout) await write(io.stdout, msg.data);
      else if (kind === IoKind.exit) return 'stopped';
    }
    return detached ? 'detached' : 'stopped';
  } finally {
    clearInterval(keepalive);
    // Tell the executor at once rather than by the keepalive timeout: the tty is free for the next client.
    if (detached) {
      send(nc, inSubject, IoKind.eof);
      await nc.flush().catch(() => undefined);
    }
    out.unsubscribe();
    io.stdin.off('data', onData);
    io.stdin.off('end', onEnd);
    io.stdin.pause();
    process.off('SIGWINCH', onResize);
    if (raw) io.stdin.setRawMode(false);
  }
}
