/**
 * Request/reply in the plain JSON wire format. Any failure comes back as a
 * DomainError: the service's own error, NO_RESPONDERS when nobody serves the
 * subject, TIMEOUT when the deadline passes.
 */
import { ErrorCode as NatsErrorCode, headers as natsHeaders, type NatsConnection, NatsError } from 'nats';
import {
  DomainError, errorFromWire, ForbiddenError, InternalError, NoRespondersError, TimeoutError, type OkReply,
} from '@lxcbus/contracts';

const enc = new TextEncoder();
const dec = new TextDecoder();

export interface RequestOptions {
  timeoutMs: number;
  /** Sent as Nats-Msg-Id: repeating a command with the same id does not act twice. */
  msgId?: string;
}

export async function requestJson<T extends object>(
  nc: NatsConnection,
  subject: string,
  body: unknown,
  opts: RequestOptions,
): Promise<OkReply<T>> {
  const h = opts.msgId ? natsHeaders() : undefined;
  if (h && opts.msgId) h.set('Nats-Msg-Id', opts.msgId);
  let raw: Uint8Array;
  try {
    const msg = await nc.request(subject, enc.encode(JSON.stringify(body)), { timeout: opts.timeoutMs, headers: h });
    raw = msg.data;
  } catch (err) {
    throw mapNatsError(err, subject, opts.timeoutMs);
  }
  return decodeReply<T>(raw, subject);
}

export function decodeReply<T extends object>(raw: Uint8Array, subject: string): OkReply<T> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(dec.decode(raw));
  } catch {
    throw new InternalError(`reply on ${subject} is not JSON`);
  }
  if (!parsed || typeof parsed !== 'object') throw new InternalError(`reply on ${subject} is not an object`);
  const reply = parsed as { ok?: unknown; error?: { code?: unknown; message?: unknown; details?: unknown } };
  if (reply.ok === true) return reply as OkReply<T>;
  if (reply.ok === false && reply.error && typeof reply.error.code === 'string') {
    throw errorFromWire({
      code: reply.error.code,
      message: String(reply.error.message ?? reply.error.code),
      details: (reply.error.details as Record<string, unknown> | undefined) ?? undefined,
    });
  }
  throw new InternalError(`reply on ${subject} has neither ok:true nor an error`);
}

export function mapNatsError(err: unknown, subject: string, timeoutMs: number): DomainError {
  if (err instanceof DomainError) return err;
  if (err instanceof NatsError) {
    if (err.code === NatsErrorCode.NoResponders) return new NoRespondersError(`no responders for ${subject}: is the service running?`);
    if (err.code === NatsErrorCode.Timeout) return new TimeoutError(`no reply on ${subject} within ${timeoutMs} ms`);
    if (err.code === NatsErrorCode.PermissionsViolation) return new ForbiddenError(`permission denied on ${subject}: the NATS server refused it for these credentials`);
  }
  return new InternalError(err instanceof Error ? err.message : String(err));
}
