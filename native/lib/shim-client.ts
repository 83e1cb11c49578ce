/**
 * Client of the shim control socket (protocol: native/src/core/server.c). One short connection
 * per request; `watch` and `exec` keep theirs open. Any ShimClient can talk to any live shim,
 * which is how a restarted executor re-adopts containers.
 */
import { connect, type Socket } from 'net';
import { dirname, join } from 'path';
import { InvalidArgumentError, ShimGoneError, ShimNotRunningError, ShimProtocolError, ShimTimeoutError } from './errors';
import { ExecSession } from './exec-session';
import { ConsoleSession, type ConsoleOptions } from './console-session';
import { readExitRecord } from './exit-record';
import { toSignalNumber } from './signals';
import { validateExecOptions } from './spec-validate';
import { isCgroupKey } from './confine-spec';
import { escapeValue, unescapeValue } from './spec-file';
import type { ExecOptions, ExitStatus, ShimState, SignalLike } from './types';
import { deviceRequestLine, parseDeviceReply, type DeviceAction, type DeviceKind } from './device-spec';

export const CLIENT_DEFAULTS = { requestTimeoutMs: 10_000, stopGraceMs: 5_000, freezeTimeoutMs: 5_000 } as const;

export function openShimSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = connect(path);
    sock.once('connect', () => {
      sock.removeAllListeners('error');
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      sock.destroy();
      const code = err.code ?? 'EIO';
      // ECONNRESET while connecting: the shim stopped listening (init gone) and exited with this
      // connection still queued, so it is as gone as a socket that refuses.
      reject(code === 'ENOENT' || code === 'ECONNREFUSED' || code === 'ECONNRESET' ? new ShimNotRunningError(path, code) : err);
    });
  });
}

export class ShimClient {
  constructor(
    readonly socketPath: string,
    private readonly opts: { requestTimeoutMs?: number } = {},
  ) {}

  static forRunDir(runDir: string, opts: { requestTimeoutMs?: number } = {}): ShimClient {
    return new ShimClient(join(runDir, 'shim.sock'), opts);
  }

  async state(): Promise<ShimState> {
    const reply = await this.request('state', 'state');
    const m = /^RUNNING (\d+) (\d+)$/.exec(reply);
    if (!m) throw new ShimProtocolError(this.socketPath, 'state', 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
    return { state: 'RUNNING', initPid: Number(m[1]), shimPid: Number(m[2]) };
  }

  /** lxc-stop: halt signal, wait up to timeoutMs (-1 forever, 0 fire-and-forget), then SIGKILL. */
  async stop(haltSignal: SignalLike, timeoutMs: number): Promise<void> {
    const sig = toSignalNumber(haltSignal, 'haltSignal');
    if (!Number.isInteger(timeoutMs) || timeoutMs < -1) throw new InvalidArgumentError('timeoutMs', 'must be an integer >= -1');
    const deadline = timeoutMs < 0 ? 0 : timeoutMs + (this.opts.requestTimeoutMs ?? CLIENT_DEFAULTS.stopGraceMs);
    this.expectOk(await this.request(`stop ${sig} ${timeoutMs}`, 'stop', deadline), 'stop');
  }

  async kill(signal: SignalLike): Promise<void> {
    const sig = toSignalNumber(signal);
    this.expectOk(await this.request(`kill ${sig}`, 'kill'), 'kill');
  }

  /** Like kill() but a frozen container stays frozen and gets the signal when thawed (lxc-stop's halt and reboot). */
  async signal(signal: SignalLike): Promise<void> {
    const sig = toSignalNumber(signal);
    this.expectOk(await this.request(`signal ${sig}`, 'signal'), 'signal');
  }

  /**
   * Resolves when init exits. If the shim vanishes without saying so, the exit record in the
   * run dir is the answer; with neither, rejects with ShimGoneError.
   */
  async watch(): Promise<ExitStatus> {
    // A short-lived init (lxc-execute of `true`) may be gone before anyone watches: its exit record says how.
    const sock = await openShimSocket(this.socketPath).catch(async (err: unknown) => {
      const rec = await readExitRecord(dirname(this.socketPath));
      if (rec) return null;
      throw err;
    });
    if (!sock) return (await readExitRecord(dirname(this.socketPath)))!;
    sock.write('watch\n');
    const line = await readLine(sock, 0);
    const m = typeof line === 'string' ? /^exit (-?\d+) (\d+)( oom)?$/.exec(line) : null;
    if (m) return { code: Number(m[1]), signal: Number(m[2]), ...(m[3] !== undefined && { oom: true }) };
    const rec = await readExitRecord(dirname(this.socketPath));
    if (rec) return rec;
    throw new ShimGoneError(this.socketPath, 'watch');
  }

  /** lxc-cgroup KEY: the content of a file of the container's cgroup. */
  async cgroupGet(key: string): Promise<string> {
    if (!isCgroupKey(key)) throw new InvalidArgumentError('key', 'must be a cgroup file name like memory.max');
    const reply = await this.request(`cgroup get ${key}`, 'cgroup get');
    if (!reply.startsWith('OK ')) throw new ShimProtocolError(this.socketPath, 'cgroup get', 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
    return unescapeValue(reply.slice(3));
  }

  /** lxc-cgroup KEY VALUE. */
  async cgroupSet(key: string, value: string): Promise<void> {
    if (!isCgroupKey(key)) throw new InvalidArgumentError('key', 'must be a cgroup file name like memory.max');
    if (value.includes('\0')) throw new InvalidArgumentError('value', 'must not contain NUL');
    this.expectOk(await this.request(`cgroup set ${key} ${escapeValue(value)}`, 'cgroup set'), 'cgroup set');
  }

  /** Freezes (or thaws) the container's cgroup; resolves once the freezer has settled, rejects with ETIMEDOUT after timeoutMs. */
  async freeze(freeze: boolean, timeoutMs: number = CLIENT_DEFAULTS.freezeTimeoutMs): Promise<void> {
    const verb = freeze ? 'freeze' : 'thaw';
    const reply = await this.request(`${verb} ${timeoutMs}`, verb, timeoutMs + (this.opts.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs));
    if (reply !== (freeze ? 'OK FROZEN' : 'OK THAWED')) throw new ShimProtocolError(this.socketPath, verb, 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
  }

  /** FROZEN, FREEZING or THAWED (NONE without a freezer). */
  async freezerState(): Promise<string> {
    const reply = await this.request('freezer', 'freezer');
    const m = /^OK (\S+)$/.exec(reply);
    if (!m) throw new ShimProtocolError(this.socketPath, 'freezer', 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
    return m[1];
  }

  /** lxc-device add|del: moves a link or makes/removes a node; says which it was. */
  async device(action: DeviceAction, src: string, dst: string): Promise<DeviceKind> {
    const reply = await this.request(deviceRequestLine(action, src, dst), 'device');
    const kind = parseDeviceReply(reply);
    if (!kind) throw new ShimProtocolError(this.socketPath, 'device', 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
    return kind;
  }

  exec(opts: ExecOptions): ExecSession {
    validateExecOptions(opts);
    return new ExecSession(() => openShimSocket(this.socketPath), opts);
  }

  /** lxc-execute: the command's own stdin/stdout/stderr (spec initStdio), as an exec session; EXIT is init's. */
  stdio(): ExecSession {
    return new ExecSession(() => openShimSocket(this.socketPath), 'stdio');
  }

  /** lxc-console: a session on /dev/console (tty 0) or a tty; `started` rejects with EBUSY when it is taken. */
  console(opts: ConsoleOptions): ConsoleSession {
    if (!Number.isInteger(opts.tty) || opts.tty < -1) throw new InvalidArgumentError('tty', 'must be an integer >= -1');
    return new ConsoleSession(this.socketPath, () => openShimSocket(this.socketPath), opts);
  }

  private expectOk(reply: string, op: string): void {
    if (reply !== 'OK') throw new ShimProtocolError(this.socketPath, op, 'EPROTO', `unexpected reply ${JSON.stringify(reply)}`);
  }

  private async request(line: string, op: string, timeoutMs?: number): Promise<string> {
    const sock = await openShimSocket(this.socketPath);
    sock.write(`${line}\n`);
    const ms = timeoutMs ?? this.opts.requestTimeoutMs ?? CLIENT_DEFAULTS.requestTimeoutMs;
    const reply = await readLine(sock, ms);
    if (reply === undefined) throw new ShimTimeoutError(this.socketPath, op, ms);
    if (reply === null) throw new ShimGoneError(this.socketPath, op);
    const err = /^ERR (\S+) ?(.*)$/.exec(reply);
    if (err) throw new ShimProtocolError(this.socketPath, op, err[1], err[2] || err[1]);
    return reply;
  }
}

/** One reply line; null when the socket closed first, undefined on timeout (0 = none). */
function readLine(sock: Socket, timeoutMs: number): Promise<string | null | undefined> {
  return new Promise((resolve) => {
    let buf = '';
    const timer = timeoutMs > 0 ? setTimeout(() => done(undefined), timeoutMs) : undefined;
    const done = (v: string | null | undefined): void => {
      if (timer) clearTimeout(timer);
      sock.removeAllListeners('data');
      sock.destroy();
      resolve(v);
    };
    sock.setEncoding('utf8');
    sock.on('data', (d: string) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl >= 0) done(buf.slice(0, nl));
    });
    sock.on('close', () => done(null));
    sock.on('error', () => done(null));
  });
}
