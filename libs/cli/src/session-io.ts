/**
 * What the CLI's streamed sessions (attach, console) share: the session's subjects, with the
 * output subscribed before the request so no frame goes by unseen; frames tagged with their
 * kind; stdin cut to the bus's chunk size; the window size; and writes that wait for a full
 * terminal to drain, so a slow terminal slows the session instead of buffering without bound.
 */
import { randomBytes } from 'node:crypto';
import type { NatsConnection, Subscription } from 'nats';
import { headers as natsHeaders } from 'nats';
import { IO_CHUNK_BYTES, IO_KIND_HEADER, IoKind, subjects, type CommandVerb, type IoExit } from '@lxcbus/contracts';
import type { BusClient, RequestOptions } from '@lxcbus/bus-client';

export function newSessionId(): string {
  return randomBytes(12).toString('hex');
}

export interface IoSession<R> {
  reply: R;
  /** Where stdin, resize, keepalive and eof frames go. */
  inSubject: string;
  /** The session's output frames; unsubscribing ends a `for await` over it. */
  out: Subscription;
}

/** Subscribes to the output, then asks `verb` for the session; on a refusal nothing is left subscribed. */
export async function openIoSession<R extends object>(
  bus: BusClient, verb: CommandVerb, req: object, opts: Partial<RequestOptions> = {},
): Promise<IoSession<R>> {
  const { nc, identity } = bus;
  const session = newSessionId();
  const inSubject = subjects.io(identity.host, identity.owner, session, 'in');
  const out = nc.subscribe(subjects.io(identity.host, identity.owner, session, 'out'));
  try {
    await nc.flush();
    const reply = await bus.command<R>(verb, { ...req, session }, opts);
    return { reply, inSubject, out };
  } catch (err) {
    out.unsubscribe();
    throw err;
  }
}

export function sendFrame(nc: NatsConnection, subject: string, kind: string, data: Uint8Array = new Uint8Array()): void {
  const h = natsHeaders();
  h.set(IO_KIND_HEADER, kind);
  nc.publish(subject, data, { headers: h });
}

export function sendStdin(nc: NatsConnection, subject: string, data: Uint8Array): void {
  for (let off = 0; off < data.length; off += IO_CHUNK_BYTES) sendFrame(nc, subject, IoKind.stdin, data.subarray(off, off + IO_CHUNK_BYTES));
}

export function sendResize(nc: NatsConnection, subject: string, tty: NodeJS.WriteStream): void {
  sendFrame(nc, subject, IoKind.resize, new TextEncoder().encode(JSON.stringify({ rows: tty.rows, cols: tty.columns })));
}

export function writeOut(stream: NodeJS.WritableStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => (stream.write(data) ? resolve() : stream.once('drain', () => resolve())));
}

/** Writes a process's stdout and stderr frames as they come; its exit status, or null when the frames end without one. */
export async function pumpOutput(out: Subscription, stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): Promise<IoExit | null> {
  for await (const msg of out) {
    const kind = msg.headers?.get(IO_KIND_HEADER);
    if (kind === IoKind.stdout) await writeOut(stdout, msg.data);
    else if (kind === IoKind.stderr) await writeOut(stderr, msg.data);
    else if (kind === IoKind.exit) return JSON.parse(new TextDecoder().decode(msg.data)) as IoExit;
  }
  return null;
}
