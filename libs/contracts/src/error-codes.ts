/** Every error code that can appear in `{ok:false,error:{code}}` on the wire. */
export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  INVALID_NAME: 'INVALID_NAME',
  UNKNOWN_VERB: 'UNKNOWN_VERB',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  ALREADY_RUNNING: 'ALREADY_RUNNING',
  NOT_RUNNING: 'NOT_RUNNING',
  IS_RUNNING: 'IS_RUNNING',
  START_FAILED: 'START_FAILED',
  STOP_FAILED: 'STOP_FAILED',
  CONFIG_INVALID: 'CONFIG_INVALID',
  TEMPLATE_FAILED: 'TEMPLATE_FAILED',
  UNSUPPORTED: 'UNSUPPORTED',
  BUSY: 'BUSY',
  TIMEOUT: 'TIMEOUT',
  NO_RESPONDERS: 'NO_RESPONDERS',
  NATIVE: 'NATIVE',
  INTERNAL: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && value in ErrorCode;
}
