import { NotFoundError } from '@lxcbus/contracts';
import { JsonWireDeserializer, JsonWireSerializer, MalformedBody } from './wire-codec';

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (u: Uint8Array) => JSON.parse(new TextDecoder().decode(u));

describe('JSON wire codec', () => {
  const d = new JsonWireDeserializer();
  const s = new JsonWireSerializer();

  it('treats a message with a reply subject as a request with a plain body', () => {
    const m = d.deserialize(enc('{"name":"c1"}'), { channel: 'a.b', replyTo: '_INBOX.x' });
    expect(m.data).toEqual({ name: 'c1' });
    expect(m.pattern).toBe('a.b');
    expect(typeof m.id).toBe('string');
  });

  it('marks bad and empty bodies instead of throwing', () => {
    expect(d.deserialize(enc('{oops'), { replyTo: 'r' }).data).toBeInstanceOf(MalformedBody);
    expect(d.deserialize(new Uint8Array(), { replyTo: 'r' }).data).toBeInstanceOf(MalformedBody);
  });

  it('has no id without a reply subject', () => {
    expect(d.deserialize(enc('{}'), { channel: 'x' }).id).toBeUndefined();
  });

  it('serialises replies and errors as {ok,...}', () => {
    expect(dec(s.serialize({ response: { ok: true, a: 1 } }).data)).toEqual({ ok: true, a: 1 });
    expect(dec(s.serialize({ response: { a: 1 } }).data)).toEqual({ ok: true, a: 1 });
    expect(dec(s.serialize({ err: new NotFoundError('gone') }).data)).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: 'gone' } });
    expect(dec(s.serialize({ err: 'There is no matching message handler' }).data).error.code).toBe('INTERNAL');
  });
});
