/**
 * The client half of a console session (lxc-console, lxc-start -F): subscribe to the
 * session's output, ask for the terminal, then copy bytes both ways with the terminal
 * raw, until the container stops (the `exit` frame) or the user detaches with the
 * escape prefix. The terminal is restored however it ends.
 */
import type { NatsConnection } from 'nats';
import { headers as natsHeaders } from 'nats';
import {
  IO_CHUNK_BYTES, IO_KEEPALIVE_INTERVAL_MS, IO_KIND_HEADER, IoKind, subjects, type ConsoleReply, type ConsoleRequest,
} from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import { newSessionId, type AttachIo } from './attach-client';
import { EscapeFilter } from './console-escape';

export interface ConsoleSessionOptions {
  /** The escape prefix byte; null: none (lxc-start -F passes every byte). */
  escape: number | null;
  /** Called once the terminal is granted, before raw mode (lxc-console's banner); false gives it back. */
  onConnected?: (tty: number) => boolean;
}

/** How a session ended: the container stopped, or the user detached (or closed stdin). */
export type ConsoleEnd = 'stopped' | 'detached';

function send(nc: NatsConnection, subject: string, kind: string, data: Uint8Array = new Uint8Array()): void {
  const h = natsHeaders();
  h.set(IO_KIND_HEADER, kind);
  nc.publish(subject, data, { headers: h });
}

function write(stream: NodeJS.WriteStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => (stream.write(data) ? resolve() : stream.once('drain', () => resolve())));
}

export async function runConsole(
  bus: BusClient, req: Omit<ConsoleRequest, 'session'>, io: AttachIo, opts: ConsoleSessionOptions,
): Promise<ConsoleEnd> {
  const { nc, identity } = bus;
  const session = newSessionId();
  const inSubject = subjects.io(identity.host, identity.owner, session, 'in');
  const out = nc.subscribe(subjects.io(identity.host, identity.owner, session, 'out'));
  await nc.flush();
  let reply: ConsoleReply;
  try {
    reply = await bus.command<ConsoleReply>('console', { ...req, session });
  } catch (err) {
    out.unsubscribe();
    throw err;
  }
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
    for (let off = 0; off < r.data.length; off += IO_CHUNK_BYTES) send(nc, inSubject, IoKind.stdin, r.data.subarray(off, off + IO_CHUNK_BYTES));
    if (r.detach) detach();
  };
  // As LXC: the end of a piped stdin ends lxc-console; lxc-start -F keeps showing the console.
  const onEnd = (): void => void (filter && detach());
  const onResize = (): void =>
    send(nc, inSubject, IoKind.resize, new TextEncoder().encode(JSON.stringify({ rows: io.stdout.rows, cols: io.stdout.columns })));
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
