import { NotFoundError, InternalError } from '@lxcbus/contracts';
import { decodeReply } from './request';

const enc = (v: unknown) => new TextEncoder().encode(typeof v === 'string' ? v : JSON.stringify(v));

describe('decodeReply', () => {
  it('returns ok replies', () => {
    expect(decodeReply(enc({ ok: true, name: 'c1' }), 's')).toEqual({ ok: true, name: 'c1' });
  });
  it('throws the typed error of an error reply', () => {
    expect(() => decodeReply(enc({ ok: false, error: { code: 'NOT_FOUND', message: "c1 doesn't exist" } }), 's')).toThrow(NotFoundError);
  });
  it('refuses garbage', () => {
    expect(() => decodeReply(enc('not json'), 's')).toThrow(InternalError);
    expect(() => decodeReply(enc({ hello: 1 }), 's')).toThrow(/neither/);
  });
});
