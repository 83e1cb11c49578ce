/**
 * The client half of a streamed lxc-execute: as an attach session (attach-client.ts,
 * docs/decisions/attach-over-nats.md), but the request is `start` with `execute` and a
 * session. The command's stdout and stderr are written as they arrive, the caller's stdin
 * is forwarded (EOF included), and the signals LXC's monitor forwards to init are sent on.
 * From a terminal the command gets the console for the caller's terminal fds (execute-tty.ts).
 */
import type { NatsConnection } from 'nats';
import { headers as natsHeaders } from 'nats';
import {
  IO_CHUNK_BYTES, IO_KEEPALIVE_INTERVAL_MS, IO_KIND_HEADER, IoKind, subjects, type IoExit, type StartReply, type StartRequest,
} from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import { newSessionId, type AttachIo } from './attach-client';
import { callerTty, enterTerminal } from './execute-tty';

/** Signals a user sends lxc-execute that reach the command (LXC's monitor forwards them to init). */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
const SIGNAL_NUMBERS: Record<(typeof FORWARDED)[number], number> = { SIGINT: 2, SIGTERM: 15, SIGHUP: 1, SIGQUIT: 3, SIGUSR1: 10, SIGUSR2: 12 };
const START_TIMEOUT_MS = 120_000;

export type ExecuteOutcome = { kind: 'already-running' } | { kind: 'exited'; exit: IoExit };

function send(nc: NatsConnection, subject: string, kind: string, data: Uint8Array = new Uint8Array()): void {
  const h = natsHeaders();
  h.set(IO_KIND_HEADER, kind);
  nc.publish(subject, data, { headers: h });
}

function write(stream: NodeJS.WritableStream, data: Uint8Array): Promise<void> {
  return new Promise((resolve) => (stream.write(data) ? resolve() : stream.once('drain', () => resolve())));
}

export async function runExecute(bus: BusClient, req: Omit<StartRequest, 'session' | 'execute' | 'tty'>, io: AttachIo): Promise<ExecuteOutcome> {
  const { nc, identity } = bus;
  const session = newSessionId();
  const inSubject = subjects.io(identity.host, identity.owner, session, 'in');
  // Subscribed before the request, so no output frame can go by unseen.
  const out = nc.subscribe(subjects.io(identity.host, identity.owner, session, 'out'));
  const tty = callerTty(io);
  let reply: StartReply;
  try {
    await nc.flush();
    reply = await bus.command<StartReply>('start', { ...req, execute: true, session, ...(tty ? { tty } : {}) }, { timeoutMs: START_TIMEOUT_MS });
  } catch (err) {
    out.unsubscribe();
    throw err;
  }
  if (reply.alreadyRunning) {
    out.unsubscribe();
    return { kind: 'already-running' };
  }
  const onData = (chunk: Buffer) => {
    for (let off = 0; off < chunk.length; off += IO_CHUNK_BYTES) send(nc, inSubject, IoKind.stdin, chunk.subarray(off, off + IO_CHUNK_BYTES));
  };
  const onEnd = () => send(nc, inSubject, IoKind.eof);
  const forwarders = FORWARDED.map((name) => {
    const f = () => send(nc, inSubject, IoKind.signal, new TextEncoder().encode(JSON.stringify({ signal: SIGNAL_NUMBERS[name] })));
    process.on(name, f);
    return () => process.off(name, f);
  });
  const leaveTerminal = tty
    ? enterTerminal(io, tty, (size) => send(nc, inSubject, IoKind.resize, new TextEncoder().encode(JSON.stringify(size))))
    : () => undefined;
  io.stdin.on('data', onData);
  io.stdin.once('end', onEnd);
  const keepalive = setInterval(() => send(nc, inSubject, IoKind.keepalive), IO_KEEPALIVE_INTERVAL_MS);
  try {
    for await (const msg of out) {
      const kind = msg.headers?.get(IO_KIND_HEADER);
      if (kind === IoKind.stdout) await write(io.stdout, msg.data);
      else if (kind === IoKind.stderr) await write(io.stderr, msg.data);
      else if (kind === IoKind.exit) return { kind: 'exited', exit: JSON.parse(new TextDecoder().decode(msg.data)) as IoExit };
    }
    return { kind: 'exited', exit: { code: 1, signal: null, message: 'the execute session ended without an exit status' } };
  } finally {
    clearInterval(keepalive);
    leaveTerminal();
    out.unsubscribe();
    forwarders.forEach((off) => off());
    io.stdin.off('data', onData);
    io.stdin.off('end', onEnd);
    io.stdin.pause();
  }
}
