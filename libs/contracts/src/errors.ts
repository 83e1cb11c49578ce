/**
 * One DomainError base with a string code, one subclass per kind of failure.
 * Services throw these; the bus filter turns them into the wire form and the
 * client turns the wire form back into the same class, so callers branch on
 * `instanceof` or `code`, never on message text.
 */
import { ErrorCode } from './error-codes';

export interface WireError {
  code: string;
  message: string;
  details?: Record<string, unknown>;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toWire(): WireError {
    return this.details ? { code: this.code, message: this.message, details: this.details } : { code: this.code, message: this.message };
  }
}

function kind(code: ErrorCode) {
  return class extends DomainError {
    constructor(message: string, details?: Record<string, unknown>) {
      super(code, message, details);
    }
  };
}

export class BadRequestError extends kind(ErrorCode.BAD_REQUEST) {}
export class InvalidNameError extends kind(ErrorCode.INVALID_NAME) {}
export class UnknownVerbError extends kind(ErrorCode.UNKNOWN_VERB) {}
export class ForbiddenError extends kind(ErrorCode.FORBIDDEN) {}
export class NotFoundError extends kind(ErrorCode.NOT_FOUND) {}
export class AlreadyExistsError extends kind(ErrorCode.ALREADY_EXISTS) {}
export class AlreadyRunningError extends kind(ErrorCode.ALREADY_RUNNING) {}
export class NotRunningError extends kind(ErrorCode.NOT_RUNNING) {}
export class IsRunningError extends kind(ErrorCode.IS_RUNNING) {}
export class StartFailedError extends kind(ErrorCode.START_FAILED) {}
export class StopFailedError extends kind(ErrorCode.STOP_FAILED) {}
export class ConfigInvalidError extends kind(ErrorCode.CONFIG_INVALID) {}
export class TemplateFailedError extends kind(ErrorCode.TEMPLATE_FAILED) {}
export class UnsupportedError extends kind(ErrorCode.UNSUPPORTED) {}
export class BusyError extends kind(ErrorCode.BUSY) {}
export class TimeoutError extends kind(ErrorCode.TIMEOUT) {}
export class NoRespondersError extends kind(ErrorCode.NO_RESPONDERS) {}
export class NativeError extends kind(ErrorCode.NATIVE) {}
export class InternalError extends kind(ErrorCode.INTERNAL) {}
export class NetQuotaExceededError extends kind(ErrorCode.NET_QUOTA_EXCEEDED) {}
export class NetExhaustedError extends kind(ErrorCode.NET_EXHAUSTED) {}
export class ImageNotFoundError extends kind(ErrorCode.IMAGE_NOT_FOUND) {}
export class ImageFetchError extends kind(ErrorCode.IMAGE_FETCH_FAILED) {}
export class ImageVerifyError extends kind(ErrorCode.IMAGE_VERIFY_FAILED) {}
export class ImageUnsafeError extends kind(ErrorCode.IMAGE_UNSAFE) {}
export class HasSnapshotsError extends kind(ErrorCode.HAS_SNAPSHOTS) {}
export class CopyFailedError extends kind(ErrorCode.COPY_FAILED) {}
export class RootlessUnsupportedError extends kind(ErrorCode.ROOTLESS_UNSUPPORTED) {}
export class HookFailedError extends kind(ErrorCode.HOOK_FAILED) {}

const BY_CODE: Record<ErrorCode, new (message: string, details?: Record<string, unknown>) => DomainError> = {
  BAD_REQUEST: BadRequestError,
  INVALID_NAME: InvalidNameError,
  UNKNOWN_VERB: UnknownVerbError,
  FORBIDDEN: ForbiddenError,
  NOT_FOUND: NotFoundError,
  ALREADY_EXISTS: AlreadyExistsError,
  ALREADY_RUNNING: AlreadyRunningError,
  NOT_RUNNING: NotRunningError,
  IS_RUNNING: IsRunningError,
  START_FAILED: StartFailedError,
  STOP_FAILED: StopFailedError,
  CONFIG_INVALID: ConfigInvalidError,
  TEMPLATE_FAILED: TemplateFailedError,
  UNSUPPORTED: UnsupportedError,
  BUSY: BusyError,
  TIMEOUT: TimeoutError,
  NO_RESPONDERS: NoRespondersError,
  NATIVE: NativeError,
  INTERNAL: InternalError,
  NET_QUOTA_EXCEEDED: NetQuotaExceededError,
  NET_EXHAUSTED: NetExhaustedError,
  IMAGE_NOT_FOUND: ImageNotFoundError,
  IMAGE_FETCH_FAILED: ImageFetchError,
  IMAGE_VERIFY_FAILED: ImageVerifyError,
  IMAGE_UNSAFE: ImageUnsafeError,
  HAS_SNAPSHOTS: HasSnapshotsError,
  COPY_FAILED: CopyFailedError,
  ROOTLESS_UNSUPPORTED: RootlessUnsupportedError,
  HOOK_FAILED: HookFailedError,
};

/** Rebuilds the typed error from its wire form; unknown codes become InternalError. */
export function errorFromWire(wire: WireError): DomainError {
  const Ctor = (BY_CODE as Record<string, (typeof BY_CODE)[ErrorCode] | undefined>)[wire.code] ?? InternalError;
  return new Ctor(wire.message, wire.details);
}

/** Anything thrown becomes a DomainError; non-domain errors are INTERNAL and keep only their message. */
export function toDomainError(err: unknown): DomainError {
  if (err instanceof DomainError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new InternalError(message);
}
