/**
 * Native errors look like Node's system errors (code, errno, syscall, path) plus `op`, the
 * context chain ("start container: setup rootfs: pivot_root `/x`"). One class per kind of
 * failure so callers branch on instanceof/code, never on message text.
 */

export interface NativeErrorProps {
  code: string;
  errno?: number;
  syscall?: string;
  path?: string;
  op?: string;
}

export class NativeError extends Error {
  readonly code: string;
  readonly errno?: number;
  readonly syscall?: string;
  readonly path?: string;
  readonly op?: string;

  constructor(message: string, props: NativeErrorProps) {
    super(message);
    this.name = new.target.name;
    this.code = props.code;
    this.errno = props.errno;
    this.syscall = props.syscall;
    this.path = props.path;
    this.op = props.op;
  }
}

/** An argument was rejected in TypeScript before reaching native code. */
export class InvalidArgumentError extends NativeError {
  constructor(what: string, why: string) {
    super(`${what}: ${why}`, { code: 'EINVAL', op: what });
  }
}

/** Nothing answers on the shim socket (ENOENT/ECONNREFUSED): the container is not running. */
export class ShimNotRunningError extends NativeError {
  constructor(socketPath: string, code: string) {
    super(`shim not running at ${socketPath}: ${code}`, { code, path: socketPath, op: 'connect shim' });
  }
}

/** The shim closed a connection without the reply the protocol promises. */
export class ShimGoneError extends NativeError {
  constructor(socketPath: string, op: string) {
    super(`${op}: shim closed the connection`, { code: 'ECONNRESET', path: socketPath, op });
  }
}

/** The shim answered "ERR <code> <message>" or something unparseable. */
export class ShimProtocolError extends NativeError {
  constructor(socketPath: string, op: string, code: string, detail: string) {
    super(`${op}: ${detail}`, { code, path: socketPath, op });
  }
}

/** No reply within the client's deadline. */
export class ShimTimeoutError extends NativeError {
  constructor(socketPath: string, op: string, ms: number) {
    super(`${op}: no reply within ${ms} ms`, { code: 'ETIMEDOUT', path: socketPath, op });
  }
}

/** The addon or the shim binary is missing: run `npm run --workspace native build`. */
export class NativeNotBuiltError extends NativeError {
  constructor(path: string) {
    super(`native build missing: ${path}`, { code: 'ENOENT', path, op: 'load native' });
  }
}
