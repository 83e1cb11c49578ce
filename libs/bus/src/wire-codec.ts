/**
 * The plain JSON wire format for Nest's NATS transport. Nest's own format
 * wraps bodies in {pattern,data,id}; lxcbus speaks bare JSON so that any NATS
 * client in any language can drive it. The subject is the pattern; a message
 * with a reply subject is a request.
 */
import { randomUUID } from 'node:crypto';
import type { ConsumerDeserializer, IncomingRequest, Serializer } from '@nestjs/microservices';
import { toDomainError, type WireError, DomainError, InternalError } from '@lxcbus/contracts';

/** Stands in for a body that is not a JSON object; handlers turn it into BAD_REQUEST. */
export class MalformedBody {
  constructor(readonly reason: string) {}
}

const dec = new TextDecoder();
const enc = new TextEncoder();

export class JsonWireDeserializer implements ConsumerDeserializer {
  deserialize(value: Uint8Array, options?: { channel?: string; replyTo?: string }): IncomingRequest {
    return {
      pattern: options?.channel ?? '',
      data: decodeBody(value),
      // Nest treats a packet without id as an event (no reply); only messages with a reply subject get one.
      id: options?.replyTo ? randomUUID() : (undefined as unknown as string),
    };
  }
}

export function decodeBody(value: Uint8Array | undefined): unknown {
  if (!value || value.length === 0) return new MalformedBody('request body is empty; send a JSON object');
  try {
    return JSON.parse(dec.decode(value));
  } catch (err) {
    return new MalformedBody(`request body is not valid JSON (${(err as Error).message})`);
  }
}

interface OutgoingPacket {
  response?: unknown;
  err?: unknown;
}

export class JsonWireSerializer implements Serializer<OutgoingPacket, { data: Uint8Array }> {
  serialize(packet: OutgoingPacket): { data: Uint8Array } {
    return { data: enc.encode(JSON.stringify(toWireReply(packet))) };
  }
}

export function toWireReply(packet: OutgoingPacket): unknown {
  if (packet.err !== undefined && packet.err !== null) return { ok: false, error: toWireError(packet.err) };
  const r = packet.response;
  if (r && typeof r === 'object' && 'ok' in (r as object)) return r;
  return { ok: true, ...(r && typeof r === 'object' ? r : { value: r ?? null }) };
}

/** Nest hands the filter's output, its own "no handler" string, or a raw error. */
function toWireError(err: unknown): WireError {
  if (err instanceof DomainError) return err.toWire();
  if (err && typeof err === 'object' && typeof (err as WireError).code === 'string' && typeof (err as WireError).message === 'string') {
    return err as WireError;
  }
  if (typeof err === 'string') return new InternalError(err).toWire();
  return toDomainError(err).toWire();
}
