/**
 * lxc-console and lxc-start -F: a session on the container's console or one of its ttys,
 * carried over NATS by the attach bridge (the shim's console session has an exec session's shape).
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Readable, Writable } from 'node:stream';
import type { NatsConnection } from 'nats';
import { BUS_CONNECTION } from '@lxcbus/bus';
import { BusyError, NativeError, NotRunningError, type ConsoleReply, type ConsoleRequest } from '@lxcbus/contracts';
import { AttachBridge, type BridgeTarget } from '../attach/attach-bridge';
import { locate } from '../containers/container-ref';
import { EXECUTOR_SETTINGS, type ExecutorSettings } from '../executor.settings';
import type { ExecSession } from '../kernel/kernel.port';
import { ShimRegistry } from '../supervision/shim-registry.service';
import { ForegroundLogs } from './foreground-logs';

/** The shim's refusals: no such tty, no free one, or the one asked for has its client. */
const REFUSED = new Set(['EBUSY', 'ENOENT', 'EIO']);
/** The code of a shim connection closed before its reply (the native ShimGoneError). */
const SHIM_GONE = 'ECONNRESET';

@Injectable()
export class ConsoleService {
  private readonly logger = new Logger(ConsoleService.name);

  constructor(
    @Inject(EXECUTOR_SETTINGS) private readonly settings: ExecutorSettings,
    @Inject(BUS_CONNECTION) private readonly nc: NatsConnection,
    private readonly registry: ShimRegistry,
    private readonly logs: ForegroundLogs,
  ) {}

  async open(host: string, owner: string, req: ConsoleRequest): Promise<ConsoleReply> {
    const loc = locate(this.settings, host, owner, req.name, req.lxcpath);
    const target = { host, owner, session: req.session };
    const replay = req.replay && req.tty === 0;
    const live = this.registry.get(loc.runDir);
    if (!live) return this.stoppedRun(loc.runDir, target, req, replay);
    const session = live.handle.console({ tty: req.tty, replay });
    const bridge = new AttachBridge(this.nc, target, session);
    bridge.listen();
    let tty: number;
    try {
      tty = await session.started;
    } catch (err) {
      bridge.close();
      session.close();
      // The shim's own answer (op `console`), not a socket that is gone (op `connect shim`, ENOENT too).
      const { code = '', op = '' } = err as { code?: string; op?: string };
      if (op === 'console' && REFUSED.has(code)) throw new BusyError('Denied access to tty', { name: req.name, tty: req.tty, reason: code });
      // Any other answer of the shim is its own failure, not a stopped container; but a connection
      // closed before any answer (ECONNRESET: init exited and the shim closed its listening socket
      // with ours still in the backlog) is the container stopping, and -F's output is in the kept log.
      if (op === 'console' && code !== SHIM_GONE) {
        throw new NativeError(`console: the shim refused tty ${req.tty}: ${code}`, { name: req.name, tty: req.tty, reason: code });
      }
      // The container stopped between the look-up and the connection.
      return this.stoppedRun(loc.runDir, target, req, replay);
    }
    if (replay) this.logs.drop(loc.runDir); // the shim replayed console.log itself
    if (req.rows && req.cols) session.resize(req.rows, req.cols);
    void bridge.pump().catch((err: unknown) => this.logger.error({ err, container: req.name }, 'console bridge failed'));
    return { session: req.session, tty };
  }

  /** A foreground start whose container already stopped: its whole output, then the end. */
  private async stoppedRun(runDir: string, target: BridgeTarget, req: ConsoleRequest, replay: boolean): Promise<ConsoleReply> {
    if (!replay || !this.logs.has(runDir)) throw new NotRunningError(`${req.name} is not running`, { name: req.name });
    const bridge = new AttachBridge(this.nc, target, bufferSession(await this.logs.take(runDir)));
    bridge.listen();
    // The client subscribed to the output before asking: frames published before this reply wait for it.
    void bridge.pump().catch((err: unknown) => this.logger.error({ err, container: req.name }, 'console bridge failed'));
    return { session: req.session, tty: 0 };
  }
}

/** An ended terminal: `data` as its output, nothing taken in. */
export function bufferSession(data: Buffer): ExecSession {
  return {
    stdin: new Writable({ write: (_chunk, _enc, cb) => cb() }),
    stdout: Readable.from(data.length ? [data] : []),
    stderr: Readable.from([]),
    started: Promise.resolve(0),
    exit: Promise.resolve({ code: 0, signal: null }),
    resize: () => undefined,
    signal: () => undefined,
    close: () => undefined,
  };
}
