/**
 * The client half of a streamed lxc-execute: as an attach session (attach-client.ts,
 * docs/decisions/attach-over-nats.md), but the request is `start` with `execute` and a
 * session. The command's stdout and stderr are written as they arrive, the caller's stdin
 * is forwarded (EOF included), and the signals LXC's monitor forwards to init are sent on.
 * From a terminal the command gets the console for the caller's terminal fds (execute-tty.ts).
 */
import { constants } from 'node:os';
import { IO_KEEPALIVE_INTERVAL_MS, IoKind, type IoExit, type StartReply, type StartRequest } from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import type { AttachIo } from './attach-client';
import { callerTty, enterTerminal } from './execute-tty';
import { openIoSession, pumpOutput, sendFrame as send, sendStdin } from './session-io';

/** Signals a user sends lxc-execute that reach the command (LXC's monitor forwards them to init). */
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2'] as const;
const { signals } = constants;
const START_TIMEOUT_MS = 120_000;

export type ExecuteOutcome = { kind: 'already-running' } | { kind: 'exited'; exit: IoExit };

export async function runExecute(bus: BusClient, req: Omit<StartRequest, 'session' | 'execute' | 'tty'>, io: AttachIo): Promise<ExecuteOutcome> {
  const { nc } = bus;
  const tty = callerTty(io);
  const { reply, inSubject, out } = await openIoSession<StartReply>(
    bus, 'start', { ...req, execute: true, ...(tty ? { tty } : {}) }, { timeoutMs: START_TIMEOUT_MS },
  );
  if (reply.alreadyRunning) {
    out.unsubscribe();
    return { kind: 'already-running' };
  }
  const onData = (chunk: Buffer) => sendStdin(nc, inSubject, chunk);
  const onEnd = () => send(nc, inSubject, IoKind.eof);
  const forwarders = FORWARDED.map((name) => {
    const f = () => send(nc, inSubject, IoKind.signal, new TextEncoder().encode(JSON.stringify({ signal: signals[name] })));
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
    const exit = await pumpOutput(out, io.stdout, io.stderr);
    return { kind: 'exited', exit: exit ?? { code: 1, signal: null, message: 'the execute session ended without an exit status' } };
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
