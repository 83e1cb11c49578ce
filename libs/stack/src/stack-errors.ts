/**
 * Exit statuses of `lxcbus up|down|status`, and the launcher's failures: each
 * with a stable `code` and a message meant for the person at the terminal.
 */
export const StackExit = {
  ok: 0,
  failed: 1,
  /** `lxcbus status`: at least one part does not answer. */
  notAllUp: 3,
} as const;
export type StackExit = (typeof StackExit)[keyof typeof StackExit];

export class StackError extends Error {
  constructor(message: string, readonly code: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class StackUsageError extends StackError {
  constructor(message: string) {
    super(message, 'USAGE');
  }
}

/** Another launcher holds the state dir's pid file. */
export class StackRunningError extends StackError {
  constructor(message: string) {
    super(message, 'STACK_RUNNING');
  }
}

export class PortInUseError extends StackError {
  constructor(message: string) {
    super(message, 'PORT_IN_USE');
  }
}

/** nats-server or a service did not come up; the message names which and why. */
export class StartFailedError extends StackError {
  constructor(message: string) {
    super(message, 'START_FAILED');
  }
}
