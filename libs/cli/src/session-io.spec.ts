import type { NatsConnection } from 'nats';
import { IO_CHUNK_BYTES, IO_KIND_HEADER, IoKind } from '@lxcbus/contracts';
import type { BusClient } from '@lxcbus/bus-client';
import { openIoSession, sendStdin } from './session-io';

function fakeNc() {
  const published: { subject: string; kind?: string; len: number }[] = [];
  const sub = { unsubscribe: jest.fn() };
  const nc = {
    publish: (subject: string, data: Uint8Array, opts: { headers: { get: (k: string) => string } }) =>
      published.push({ subject, kind: opts.headers.get(IO_KIND_HEADER), len: data.length }),
    subscribe: jest.fn(() => sub),
    flush: jest.fn(async () => undefined),
  };
  return { nc: nc as unknown as NatsConnection, published, sub, subscribe: nc.subscribe };
}

describe('session-io', () => {
  it('cuts stdin into frames of at most IO_CHUNK_BYTES, in order, nothing lost', () => {
    const { nc, published } = fakeNc();
    sendStdin(nc, 'in', new Uint8Array(IO_CHUNK_BYTES * 2 + 5));
    expect(published).toEqual([
      { subject: 'in', kind: IoKind.stdin, len: IO_CHUNK_BYTES },
      { subject: 'in', kind: IoKind.stdin, len: IO_CHUNK_BYTES },
      { subject: 'in', kind: IoKind.stdin, len: 5 },
    ]);
  });

  it('subscribes to the output before asking, and sends the session id with the request', async () => {
    const { nc, subscribe } = fakeNc();
    const command = jest.fn(async () => ({ ok: true, tty: 1 }));
    const bus = { nc, identity: { host: 'h', owner: 'o' }, command } as unknown as BusClient;
    const s = await openIoSession<{ tty: number }>(bus, 'console', { name: 'c1' });
    expect(s.reply.tty).toBe(1);
    expect(subscribe).toHaveBeenCalledTimes(1);
    const [verb, body] = command.mock.calls[0] as unknown as [string, { name: string; session: string }];
    expect(verb).toBe('console');
    expect(body.name).toBe('c1');
    expect(body.session).toMatch(/^[0-9a-f]{24}$/);
    expect(s.inSubject).toContain(body.session);
    expect(subscribe.mock.invocationCallOrder[0]).toBeLessThan(command.mock.invocationCallOrder[0]);
  });

  it('a refused request leaves nothing subscribed', async () => {
    const { nc, sub } = fakeNc();
    const bus = { nc, identity: { host: 'h', owner: 'o' }, command: jest.fn(async () => { throw new Error('refused'); }) } as unknown as BusClient;
    await expect(openIoSession(bus, 'attach', {})).rejects.toThrow('refused');
    expect(sub.unsubscribe).toHaveBeenCalledTimes(1);
  });
});
