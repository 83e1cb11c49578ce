import { ErrorCode } from './error-codes';
import { DomainError, errorFromWire, InternalError, NotFoundError, toDomainError } from './errors';

describe('errors', () => {
  it('round-trips every code through the wire form to the same class', () => {
    for (const code of Object.values(ErrorCode)) {
      const back = errorFromWire({ code, message: `m-${code}` });
      expect(back).toBeInstanceOf(DomainError);
      expect(back.code).toBe(code);
      expect(back.message).toBe(`m-${code}`);
      expect(errorFromWire(back.toWire()).constructor).toBe(back.constructor);
    }
  });

  it('keeps details and the class', () => {
    const e = new NotFoundError("c1 doesn't exist", { name: 'c1' });
    const w = e.toWire();
    expect(w).toEqual({ code: 'NOT_FOUND', message: "c1 doesn't exist", details: { name: 'c1' } });
    expect(errorFromWire(w)).toBeInstanceOf(NotFoundError);
  });

  it('maps unknown codes and foreign errors to INTERNAL', () => {
    expect(errorFromWire({ code: 'WHAT', message: 'x' })).toBeInstanceOf(InternalError);
    expect(toDomainError(new TypeError('boom')).code).toBe('INTERNAL');
    expect(toDomainError('str').message).toBe('str');
  });
});
