/**
 * @lxcbus/stack: the embedded stack behind `lxcbus up|down|status` — one
 * nats-server with JetStream and the five services as supervised children.
 */
export { runStackUp, runStackDown, runStackStatus } from './stack-commands';
export { runUserCommand, USER_USAGE } from './user-commands';
export { parseUpArgs, parseStateDirArgs, UP_USAGE, DOWN_USAGE, STATUS_USAGE } from './stack-options';
export type { UpOptions, StateDirOptions, StackDirs, Parsed } from './stack-options';
export { STACK_DEFAULTS, STATE_FILES, LOG_LEVELS } from './stack-defaults';
export type { LogLevel } from './stack-defaults';
export {
  StackExit, StackError, StackUsageError, StackRunningError, PortInUseError, StartFailedError,
} from './stack-errors';
export { renderNatsConfig, writeNatsConfig, natsServerName } from './nats-config';
export type { NatsConfigInput } from './nats-config';
export { readStackRecord, stackRecordPath } from './stack-record';
export type { StackRecord, ChildRecord } from './stack-record';
export { readyLine } from './embedded-stack';
export { processIo } from './stack-io';
export type { StackIo } from './stack-io';
