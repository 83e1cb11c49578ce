/**
 * One attach session: the process's stdout/stderr go out as frames on
 * lxcbus.v1.io.<host>.<owner>.<session>.out, stdin/resize/signal/eof come in
 * on .in. The exit frame is published only after both output streams ended,
 * so a client that reads until exit has every byte. A client that stops
 * sending keepalives is gone: its process is killed.
 */
import type { NatsConnection, Subscription } from 'nats';
import { headers as natsHeaders } from 'nats';
import { IO_CHUNK_BYTES, IO_KEEPALIVE_TIMEOUT_MS, IO_KIND_HEADER, IoKind, subjects, type IoExit } from '@lxcbus/contracts';
import type { ExecSession } from '../kernel/kernel.port';

const enc = new TextEncoder();

export interface BridgeTarget {
  host: string;
  owner: string;
  session: string;
}

export class AttachBridge {
  private sub?: Subscription;
  private lastSeen = Date.now();
  private watchdog?: NodeJS.Timeout;
  private readonly outSubject: string;

  constructor(private readonly nc: NatsConnection, private readonly target: BridgeTarget, private readonly exec: ExecSession) {
    this.outSubject = subjects.io(target.host, target.owner, target.session, 'out');
  }

  /** Listens for input; call before replying to the attach request. */
  listen(): void {
    this.sub = this.nc.subscribe(subjects.io(this.target.host, this.target.owner, this.target.session, 'in'), {
      callback: (_err, msg) => {
        this.lastSeen = Date.now();
        this.onInput(msg.headers?.get(IO_KIND_HEADER) ?? '', msg.data);
      },
    });
    this.watchdog = setInterval(() => {
      if (Date.now() - this.lastSeen > IO_KEEPALIVE_TIMEOUT_MS) this.exec.close();
    }, 1_000);
  }

  /** Pumps output until the process exits; resolves after the exit frame is out. */
  async pump(): Promise<IoExit> {
    const outDone = this.forward(this.exec.stdout, IoKind.stdout);
    const errDone = this.forward(this.exec.stderr, IoKind.stderr);
    let exit: IoExit;
    try {
      const e = await this.exec.exit;
      exit = { code: e.code, signal: e.signal, ...(e.message ? { message: e.message } : {}) };
    } catch (err) {
      exit = { code: 1, signal: null, message: err instanceof Error ? err.message : String(err) };
    }
    await Promise.all([outDone, errDone]);
    this.publish(IoKind.exit, enc.encode(JSON.stringify(exit)));
    await this.nc.flush().catch(() => undefined);
    this.close();
    return exit;
  }

  close(): void {
    if (this.watchdog) clearInterval(this.watchdog);
    this.sub?.unsubscribe();
  }

  private async forward(stream: NodeJS.ReadableStream, kind: string): Promise<void> {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        for (let off = 0; off < chunk.length; off += IO_CHUNK_BYTES) this.publish(kind, chunk.subarray(off, off + IO_CHUNK_BYTES));
      }
    } catch {
      // The stream ends with the process; an error here is the same end.
    }
  }

  private publish(kind: string, data: Uint8Array): void {
    const h = natsHeaders();
    h.set(IO_KIND_HEADER, kind);
    this.nc.publish(this.outSubject, data, { headers: h });
  }

  private onInput(kind: string, data: Uint8Array): void {
    switch (kind) {
      case IoKind.stdin:
        this.exec.stdin.write(Buffer.from(data));
        break;
      case IoKind.eof:
        this.exec.stdin.end();
        break;
      case IoKind.resize: {
        const r = parseJson(data) as { rows?: number; cols?: number };
        if (Number.isInteger(r?.rows) && Number.isInteger(r?.cols)) this.exec.resize(r.rows as number, r.cols as number);
        break;
      }
      case IoKind.signal: {
        const s = parseJson(data) as { signal?: number };
        if (Number.isInteger(s?.signal) && (s.signal as number) > 0 && (s.signal as number) < 65) this.exec.signal(s.signal as number);
        break;
      }
      default:
        break;
    }
  }
}

function parseJson(data: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch {
    return null;
  }
}
