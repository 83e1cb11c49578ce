/**
 * The client half of an attach session (see runtime-executor attach-bridge):
 * subscribe to the session's output first, then ask for the process; send
 * stdin, window size and keepalives; exit with the process's status.
 * With a terminal, stdin is put in raw mode so job control keys reach the
 * container's tty, and restored however the session ends.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection } from 'nats';
import { headers as natsHeaders } from 'nats';
import {
  IO_CHUNK_BYTES, IO_KEEPALIVE_INTERVAL_MS, IO_KIND_HEADER, IoKind, subjects, type AttachReply, type AttachRequest, type IoExit,
} from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';

export interface AttachIo {
  stdin: NodeJS.ReadStream;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}

export function newSessionId(): string {
  return randomBytes(12).toString('hex');
}

/** LXC allocates a pty when any of the three standard fds is a terminal. */
export function wantsTty(io: AttachIo): boolean {
  return Boolean(io.stdin.isTTY || io.stdout.isTTY || io.stderr.isTTY);
}

function send(nc: NatsConnection, subject: string, kind: string, data: Uint8Array = new Uint8Array()): void {
  const h = natsHeaders();
  h.set(IO_KIND_HEADER, kind);
  nc.publish(subject, data, { headers: h });
}

function write(stream: NodeJS.WriteStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => (stream.write(data) ? resolve() : stream.once('drain', () => resolve())));
}

export async function runAttach(bus: BusClient, req: Omit<AttachRequest, 'session'>, io: AttachIo): Promise<IoExit> {
  const { nc, identity } = bus;
  const session = newSessionId();
  const inSubject = subjects.io(identity.host, identity.owner, session, 'in');
  const out = nc.subscribe(subjects.io(identity.host, identity.owner, session, 'out'));
  await nc.flush();
  try {
    await bus.command<AttachReply>('attach', { ...req, session });
  } catch (err) {
    out.unsubscribe();
    throw err;
  }
  const raw = req.tty && io.stdin.isTTY;
  if (raw) io.stdin.setRawMode(true);
  const onData = (chunk: Buffer) => {
    for (let off = 0; off < chunk.length; off += IO_CHUNK_BYTES) send(nc, inSubject, IoKind.stdin, chunk.subarray(off, off + IO_CHUNK_BYTES));
  };
  const onEnd = () => send(nc, inSubject, IoKind.eof);
  const onResize = () => send(nc, inSubject, IoKind.resize, new TextEncoder().encode(JSON.stringify({ rows: io.stdout.rows, cols: io.stdout.columns })));
  io.stdin.on('data', onData);
  io.stdin.once('end', onEnd);
  if (req.tty) process.on('SIGWINCH', onResize);
  const keepalive = setInterval(() => send(nc, inSubject, IoKind.keepalive), IO_KEEPALIVE_INTERVAL_MS);
  try {
    for await (const msg of out) {
      const kind = msg.headers?.get(IO_KIND_HEADER);
      if (kind === IoKind.stdout) await write(io.stdout, msg.data);
      else if (kind === IoKind.stderr) await write(io.stderr, msg.data);
      else if (kind === IoKind.exit) return JSON.parse(new TextDecoder().decode(msg.data)) as IoExit;
    }
    return { code: 1, signal: null, message: 'the attach session ended without an exit status' };
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

