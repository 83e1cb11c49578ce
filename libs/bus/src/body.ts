import type { ZodType, ZodTypeDef } from 'zod';
import { BadRequestError, validate } from '@lxcbus/contracts';
import { MalformedBody } from './wire-codec';

/** Validates a handler's body: malformed JSON and schema failures both become coded errors. */
export function parseBody<T>(schema: ZodType<T, ZodTypeDef, unknown>, data: unknown): T {
  if (data instanceof MalformedBody) throw new BadRequestError(data.reason);
  return validate(schema, data);
}
