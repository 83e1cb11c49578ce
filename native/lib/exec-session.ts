/**
 * One exec (lxc-attach) session over its own shim connection. Bytes flow with back-pressure
 * both ways: stdin writes complete when the socket accepts them, and the socket is paused
 * while a consumer of stdout/stderr is not reading.
 */
import type { Socket } from 'net';
import { Readable, Writable } from 'stream';
import { ShimGoneError } from './errors';
import {
  FrameDecoder,
  FrameType,
  STDIN_CHUNK,
  decodeExit,
  encodeExecHeader,
  encodeFrame,
  encodeResize,
  encodeSignal,
} from './frame-codec';
import { toSignalNumber } from './signals';
import type { ExecExit, ExecOptions, SignalLike } from './types';

export const EXEC_DEFAULTS = {
  env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'container=lxc'],
  cwd: '/',
  rows: 24,
  cols: 80,
} as const;

export class ExecSession {
  readonly stdin: Writable;
  readonly stdout: Readable;
  readonly stderr: Readable;
  /** Host pid of the process; rejects when the exec never started. */
  readonly started: Promise<number>;
  readonly exit: Promise<ExecExit>;
  private sock?: Socket;
  private pending: Buffer[] = [];
  private settleStarted!: { resolve: (pid: number) => void; reject: (e: Error) => void };
  private settleExit!: { resolve: (e: ExecExit) => void; reject: (e: Error) => void };
  private exited = false;

  /** `stdio` claims lxc-execute's command streams instead of starting a process (server.c). */
  constructor(open: () => Promise<Socket>, opts: ExecOptions | 'stdio') {
    this.started = new Promise((resolve, reject) => (this.settleStarted = { resolve, reject }));
    this.exit = new Promise((resolve, reject) => (this.settleExit = { resolve, reject }));
    this.started.catch(() => undefined);
    this.exit.catch(() => undefined);
    const resume = (): void => void this.sock?.resume();
    this.stdout = new Readable({ read: resume });
    this.stderr = new Readable({ read: resume });
    this.stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => this.sendStdin(chunk, cb),
      final: (cb) => this.send(encodeFrame(FrameType.STDIN_EOF), cb),
    });
    const header = opts === 'stdio' ? Buffer.from('stdio\n') : encodeExecHeader({
      argv: opts.argv,
      env: opts.env ?? [...EXEC_DEFAULTS.env],
      cwd: opts.cwd ?? EXEC_DEFAULTS.cwd,
      uid: opts.uid ?? 0,
      gid: opts.gid ?? 0,
      tty: opts.tty ?? false,
      rows: opts.rows ?? EXEC_DEFAULTS.rows,
      cols: opts.cols ?? EXEC_DEFAULTS.cols,
    });
    open().then(
      (sock) => this.attach(sock, header),
      (err: Error) => this.fail(err),
    );
  }

  resize(rows: number, cols: number): void {
    this.send(encodeResize(rows, cols));
  }

  signal(sig: SignalLike): void {
    this.send(encodeSignal(toSignalNumber(sig)));
  }

  /** Drops the connection; the shim kills the process (SIGHUP, SIGKILL). */
  close(): void {
    this.sock?.destroy();
  }

  private attach(sock: Socket, header: Buffer): void {
    this.sock = sock;
    sock.write(header);
    for (const b of this.pending.splice(0)) sock.write(b);
    const decoder = new FrameDecoder();
    sock.on('data', (chunk: Buffer) => {
      for (const f of decoder.push(chunk)) this.onFrame(f.type, f.payload);
    });
    sock.on('close', () => this.fail(new ShimGoneError(sock.remoteAddress ?? 'shim.sock', 'exec')));
    sock.on('error', () => undefined);
  }

  private onFrame(type: number, payload: Buffer): void {
    if (type === FrameType.STARTED) this.settleStarted.resolve(payload.readUInt32BE(0));
    else if (type === FrameType.STDOUT && !this.stdout.push(payload)) this.sock?.pause();
    else if (type === FrameType.STDERR && !this.stderr.push(payload)) this.sock?.pause();
    else if (type === FrameType.EXIT) {
      const exit = decodeExit(payload);
      this.exited = true;
      this.settleStarted.reject(new ShimGoneError('shim.sock', exit.message ?? 'exec did not start'));
      this.endStreams();
      this.settleExit.resolve(exit);
      // Nothing more to say to the shim; closing our side lets it close without a reset.
      this.sock?.end();
    }
  }

  private endStreams(): void {
    this.stdout.push(null);
    this.stderr.push(null);
    this.stdin.destroy();
  }

  private fail(err: Error): void {
    if (this.exited) return;
    this.exited = true;
    this.settleStarted.reject(err);
    this.settleExit.reject(err);
    this.endStreams();
  }

  private sendStdin(chunk: Buffer, cb: (err?: Error | null) => void): void {
    for (let off = 0; off < chunk.length; off += STDIN_CHUNK) {
      const last = off + STDIN_CHUNK >= chunk.length;
      this.send(encodeFrame(FrameType.STDIN, chunk.subarray(off, off + STDIN_CHUNK)), last ? cb : undefined);
    }
    if (chunk.length === 0) cb();
  }

  private send(frame: Buffer, cb?: (err?: Error | null) => void): void {
    if (this.exited) return cb?.();
    if (!this.sock) {
      this.pending.push(frame);
      return cb?.();
    }
    this.sock.write(frame, cb ? () => cb() : undefined);
  }
}
