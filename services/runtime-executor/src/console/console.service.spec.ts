import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import type { NatsConnection } from 'nats';
import { BusyError, IO_KIND_HEADER, NotRunningError } from '@lxcbus/contracts';
import { locate } from '../containers/container-ref';
import { EXECUTOR_DEFAULTS, type ExecutorSettings } from '../executor.settings';
import type { ExecSession } from '../kernel/kernel.port';
import type { ShimRegistry, Supervised } from '../supervision/shim-registry.service';
import { ConsoleService } from './console.service';
import { ForegroundLogs } from './foreground-logs';

/** What the bridge publishes, by kind; subscriptions are inert. */
function fakeNats(published: Array<{ kind: string; data: string }>): NatsConnection {
  return {
    subscribe: () => ({ unsubscribe: () => undefined }),
    publish: (_s: string, data: Uint8Array, o?: { headers?: { get(k: string): string } }) =>
      void published.push({ kind: o?.headers?.get(IO_KIND_HEADER) ?? '', data: Buffer.from(data).toString() }),
    flush: async () => undefined,
  } as unknown as NatsConnection;
}

/** A shim session that ends at once once started, so the bridge stops its timers. */
function session(started: Promise<number>): ExecSession & { closed: boolean } {
  const s = {
    stdin: new Writable({ write: (_c, _e, cb) => cb() }), stdout: Readable.from([]), stderr: Readable.from([]),
    started, exit: Promise.resolve({ code: 0, signal: null }), closed: false,
    resize: () => undefined, signal: () => undefined, close: () => void (s.closed = true),
  };
  s.started.catch(() => undefined);
  return s;
}

/** Waits until `cond` holds (2 s at most): a loaded machine is slow, never wrong. */
async function until(cond: () => boolean): Promise<void> {
  for (const end = Date.now() + 2000; !cond() && Date.now() < end; ) await new Promise((r) => setTimeout(r, 10));
}

describe('ConsoleService', () => {
  const base = mkdtempSync(join(tmpdir(), 'lxcbus-consvc-'));
  const settings: ExecutorSettings = { ...EXECUTOR_DEFAULTS, lxcpath: join(base, 'lxc'), runRoot: join(base, 'run') };
  const loc = locate(settings, 'h1', 'root', 'c1');
  const published: Array<{ kind: string; data: string }> = [];
  let live: Supervised | undefined;
  const registry = { get: (runDir: string) => (runDir === loc.runDir ? live : undefined) } as unknown as ShimRegistry;
  const logs = new ForegroundLogs();
  const svc = new ConsoleService(settings, fakeNats(published), registry, logs);
  const req = { name: 'c1', session: 'abcdefgh1234', tty: 0, replay: false };
  const withConsole = (s: ExecSession) => ({ handle: { console: () => s } }) as unknown as Supervised;

  beforeEach(() => {
    published.length = 0;
    live = undefined;
    mkdirSync(loc.runDir, { recursive: true });
    writeFileSync(join(loc.runDir, 'console.log'), 'boot-line\n');
  });
  afterAll(() => {
    logs.onModuleDestroy();
    rmSync(base, { recursive: true, force: true });
  });

  it('a stopped container: NotRunningError, as lxc-console\'s "is not running"', async () => {
    await expect(svc.open('h1', 'root', req)).rejects.toBeInstanceOf(NotRunningError);
  });

  it('a granted terminal answers with its number', async () => {
    live = withConsole(session(Promise.resolve(3)));
    await expect(svc.open('h1', 'root', { ...req, tty: -1 })).resolves.toEqual({ session: req.session, tty: 3 });
    await until(() => published.length > 0); // its bridge publishes the end; not into the next test
    expect(published.map((p) => p.kind)).toEqual(['exit']);
  });

  it('the shim\'s own refusal is BUSY and the session is closed', async () => {
    const s = session(Promise.reject(Object.assign(new Error('console: tty is in use'), { code: 'EBUSY', op: 'console' })));
    live = withConsole(s);
    await expect(svc.open('h1', 'root', req)).rejects.toBeInstanceOf(BusyError);
    expect(s.closed).toBe(true);
  });

  it('any other answer of the shim (EINVAL) is NATIVE, not "not running", and the session is closed', async () => {
    const s = session(Promise.reject(Object.assign(new Error('console: bad request'), { code: 'EINVAL', op: 'console' })));
    live = withConsole(s);
    await expect(svc.open('h1', 'root', req)).rejects.toMatchObject({ code: 'NATIVE' });
    expect(s.closed).toBe(true);
  });

  it('-F whose shim is already gone (ENOENT from connect, not a refusal): the kept log, then the end', async () => {
    await logs.keep(loc.runDir, join(loc.runDir, 'console.log'), 42);
    live = withConsole(session(Promise.reject(Object.assign(new Error('shim not running'), { code: 'ENOENT', op: 'connect shim' }))));
    await expect(svc.open('h1', 'root', { ...req, replay: true })).resolves.toEqual({ session: req.session, tty: 0 });
    await until(() => published.length >= 2);
    expect(published.map((p) => p.kind)).toEqual(['stdout', 'exit']);
    expect(published[0].data).toBe('boot-line\n');
    expect(logs.has(loc.runDir)).toBe(false);
  });

  it('-F whose shim closed the connection unanswered (ECONNRESET: init exited meanwhile): the kept log, not NATIVE', async () => {
    await logs.keep(loc.runDir, join(loc.runDir, 'console.log'), 44);
    const s = session(Promise.reject(Object.assign(new Error('console: shim closed the connection'), { code: 'ECONNRESET', op: 'console' })));
    live = withConsole(s);
    await expect(svc.open('h1', 'root', { ...req, replay: true })).resolves.toEqual({ session: req.session, tty: 0 });
    await until(() => published.length >= 2);
    expect(published).toEqual([{ kind: 'stdout', data: 'boot-line\n' }, { kind: 'exit', data: expect.any(String) }]);
    expect(s.closed).toBe(true);
  });

  it('lxc-console (no replay) on a shim that closed unanswered: "not running"', async () => {
    live = withConsole(session(Promise.reject(Object.assign(new Error('console: shim closed the connection'), { code: 'ECONNRESET', op: 'console' }))));
    await expect(svc.open('h1', 'root', req)).rejects.toBeInstanceOf(NotRunningError);
  });

  it('-F after the run dir is gone: the kept log still holds the output', async () => {
    await logs.keep(loc.runDir, join(loc.runDir, 'console.log'), 43);
    rmSync(loc.runDir, { recursive: true, force: true });
    await expect(svc.open('h1', 'root', { ...req, replay: true })).resolves.toMatchObject({ tty: 0 });
    await until(() => published.length >= 2);
    expect(published[0]).toEqual({ kind: 'stdout', data: 'boot-line\n' });
  });
});
