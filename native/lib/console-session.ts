/**
 * A terminal session (lxc-console, lxc-start -F) over its own shim connection: "console <tty>
 * <replay>", the reply line, then exec's frames (STDIN and RESIZE in, STDOUT out). It has the
 * shape of an ExecSession so the same bridge can carry it; `started` resolves with the tty
 * number, `exit` when the shim closes (init exited) or `close()` detached.
 */
import type { Socket } from 'net';
import { Readable, Writable } from 'stream';
import { ShimGoneError, ShimProtocolError } from './errors';
import { FrameDecoder, FrameType, STDIN_CHUNK, encodeFrame, encodeResize } from './frame-codec';
import type { ExecExit } from './types';

export interface ConsoleOptions {
  /** 0 = /dev/console, 1..lxc.tty.max, -1 = the first free tty. */
  tty: number;
  /** Send what console.log holds first, so nothing written since start is lost (tty 0 only). */
  replay?: boolean;
}

export class ConsoleSession {
  readonly stdin: Writable;
  readonly stdout: Readable;
  /** Always empty: a terminal has one output stream. */
  readonly stderr: Readable;
  readonly started: Promise<number>;
  readonly exit: Promise<ExecExit>;
  private sock?: Socket;
  private pending: Buffer[] = [];
  private settleStarted!: { resolve: (tty: number) => void; reject: (e: Error) => void };
  private settleExit!: (e: ExecExit) => void;
  private ended = false;
  private isStarted = false;

  constructor(
    private readonly socketPath: string,
    open: () => Promise<Socket>,
    opts: ConsoleOptions,
  ) {
    this.started = new Promise((resolve, reject) => (this.settleStarted = { resolve, reject }));
    this.exit = new Promise((resolve) => (this.settleExit = resolve));
    this.started.catch(() => undefined);
    this.stdout = new Readable({ read: () => void this.sock?.resume() });
    this.stderr = new Readable({ read: () => undefined });
    this.stderr.push(null);
    // The end of input detaches: a terminal is not closed by its client, only left.
    this.stdin = new Writable({
      write: (chunk: Buffer, _enc, cb) => this.sendStdin(chunk, cb),
      final: (cb) => {
        this.close();
        cb();
      },
    });
    open().then(
      (sock) => this.attach(sock, `console ${opts.tty} ${opts.replay ? 1 : 0}\n`),
      (err: Error) => this.end(err),
    );
  }

  resize(rows: number, cols: number): void {
    this.send(encodeResize(rows, cols));
  }

  /** A terminal takes no signals from its client; ^C is a byte like any other. */
  signal(): void {}

  /** Detaches; the container keeps running and the terminal is free for the next client. */
  close(): void {
    this.sock?.destroy();
    this.end();
  }

  private attach(sock: Socket, request: string): void {
    this.sock = sock;
    sock.write(request);
    let line: Buffer | null = Buffer.alloc(0);
    const decoder = new FrameDecoder();
    sock.on('data', (chunk: Buffer) => {
      if (line !== null) {
        line = Buffer.concat([line, chunk]);
        const nl = line.indexOf(0x0a);
        if (nl < 0) return;
        const reply = line.subarray(0, nl).toString('utf8');
        chunk = line.subarray(nl + 1);
        line = null;
        if (!this.onReply(reply)) return;
      }
      for (const f of decoder.push(chunk)) {
        if (f.type === FrameType.STDOUT && !this.stdout.push(f.payload)) sock.pause();
      }
    });
    sock.on('close', () => this.end(new ShimGoneError(this.socketPath, 'console')));
    sock.on('error', () => undefined);
  }

  private onReply(reply: string): boolean {
    const ok = /^OK (\d+)$/.exec(reply);
    if (ok) {
      this.isStarted = true;
      this.settleStarted.resolve(Number(ok[1]));
      for (const b of this.pending.splice(0)) this.sock?.write(b);
      return true;
    }
    const err = /^ERR (\S+) ?(.*)$/.exec(reply);
    this.end(new ShimProtocolError(this.socketPath, 'console', err?.[1] ?? 'EPROTO', err?.[2] || `unexpected reply ${JSON.stringify(reply)}`));
    this.sock?.destroy();
    return false;
  }

  private end(err?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.settleStarted.reject(err ?? new ShimGoneError(this.socketPath, 'console'));
    this.stdout.push(null);
    this.stdin.destroy();
    this.settleExit({ code: 0, signal: 0 });
  }

  /** As exec-session's: a stdin write completes when the socket takes its last frame (back-pressure). */
  private sendStdin(chunk: Buffer, cb: (err?: Error | null) => void): void {
    for (let off = 0; off < chunk.length; off += STDIN_CHUNK) {
      const last = off + STDIN_CHUNK >= chunk.length;
      this.send(encodeFrame(FrameType.STDIN, chunk.subarray(off, off + STDIN_CHUNK)), last ? cb : undefined);
    }
    if (chunk.length === 0) cb();
  }

  private send(frame: Buffer, cb?: (err?: Error | null) => void): void {
    if (this.ended) return cb?.();
    // Frames wait for the OK: before it the shim reads request lines, not frames.
    if (!this.sock || !this.isStarted) {
      this.pending.push(frame);
      return cb?.();
    }
    this.sock.write(frame, cb ? () => cb() : undefined);
  }
}
