/**
 * Attach byte streams on lxcbus.v1.io.<host>.<owner>.<session>.<in|out>.
 * Payloads are raw bytes; the header says what they are, so binary data needs
 * no encoding. One publisher per direction keeps NATS's per-connection order,
 * so the exit frame always follows the last output frame.
 */
export const IO_KIND_HEADER = 'Lxcbus-Io';

export const IoKind = {
  stdout: 'stdout',
  stderr: 'stderr',
  /** JSON {code, signal, message?}: the process ended; last frame of a session. */
  exit: 'exit',
  stdin: 'stdin',
  eof: 'eof',
  /** JSON {rows, cols}. */
  resize: 'resize',
  /** JSON {signal}. */
  signal: 'signal',
  /** Empty; the client is alive. A session without one for IO_KEEPALIVE_TIMEOUT_MS is ended. */
  keepalive: 'keepalive',
} as const;
export type IoKind = (typeof IoKind)[keyof typeof IoKind];

export const IO_CHUNK_BYTES = 32 * 1024;
export const IO_KEEPALIVE_INTERVAL_MS = 2_000;
export const IO_KEEPALIVE_TIMEOUT_MS = 10_000;

export interface IoExit {
  code: number;
  signal: number | null;
  message?: string;
}
