/**
 * The wire contract seen from a plain NATS client (no NestJS, no
 * @lxcbus/bus-client): JSON commands and replies, attach frames, CloudEvents
 * replayable from JetStream, coded errors for malformed input, and
 * no-responders instead of a hang.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ErrorCode as NatsErrorCode, type NatsConnection, NatsError } from 'nats';
import { SERVICE_NAMES } from '@lxcbus/contracts';
import { describeSystem, startStack, type Stack } from './support/stack-harness';
import {
  attachByHand, command, connectPlain, EventTap, eventLabel, forceDestroy, ping, replayEvents, requestJson,
  writeEmptyNetDefaultConfig, type BusEvent,
} from './support/bus-helpers';

jest.setTimeout(180_000);

const REPLY_DEADLINE_MS = 3_000;

describeSystem('wire: plain NATS clients', () => {
  let stack: Stack;
  let nc: NatsConnection;
  let confDir: string;
  const name = `wire${process.pid % 10000}${Math.floor(Math.random() * 1000)}`;

  beforeAll(async () => {
    confDir = mkdtempSync(join(tmpdir(), 'lxcbus-wire-'));
    stack = await startStack({ defaultConfig: writeEmptyNetDefaultConfig(confDir) });
    nc = await connectPlain(stack.url);
  });

  afterAll(async () => {
    if (nc) {
      await forceDestroy(nc, stack.host, name);
      await nc.close();
    }
    // The harness's own cleanup uses bin/lxc-*, which may not be usable yet.
    await stack?.stop().catch((err: unknown) => console.warn(`stack cleanup: ${String(err)}`));
    rmSync(confDir, { recursive: true, force: true });
  });

  it('A command published with a plain NATS client (not NestJS) works', async () => {
    const host = stack.host;
    const tap = new EventTap(nc, host, name);
    try {
      const created = await command(nc, host, 'create', { name, template: 'busybox' }, 120_000);
      expect(created).toMatchObject({ ok: true, name, lxcpath: stack.lxcpath });

      const started = await command(nc, host, 'start', { name });
      expect(started).toMatchObject({ ok: true, state: 'RUNNING' });
      const pid = started.pid as number;
      expect(Number.isInteger(pid) && pid > 1).toBe(true);

      const info = await command(nc, host, 'info', { name });
      expect(info).toMatchObject({ ok: true, info: { name, state: 'RUNNING', pid } });

      const attached = await attachByHand(nc, host, name, ['sh', '-c', 'echo out; echo err >&2; exit 7']);
      expect(attached.reply).toMatchObject({ ok: true });
      expect(attached.stdout).toBe('out\n');
      expect(attached.stderr).toBe('err\n');
      expect(attached.exit).toMatchObject({ code: 7, signal: null });

      expect(await command(nc, host, 'stop', { name, timeout: 10 })).toMatchObject({ ok: true, state: 'STOPPED' });
      expect(await command(nc, host, 'info', { name })).toMatchObject({ ok: true, info: { state: 'STOPPED' } });
      expect(await command(nc, host, 'destroy', { name })).toMatchObject({ ok: true, name });
      await tap.waitFor((e) => eventLabel(e) === 'destroyed');
    } finally {
      tap.close();
    }

    const replayed = await replayEvents(nc, host, name, (e) => eventLabel(e) === 'destroyed');
    expect(replayed.map(eventLabel)).toEqual(['created', 'STARTING', 'RUNNING', 'exit', 'STOPPING', 'STOPPED', 'destroyed']);
    for (const e of replayed) expectCloudEvent(e, host, name);
    const running = replayed.find((e) => eventLabel(e) === 'RUNNING') as BusEvent;
    expect(running.data.pid).toBeGreaterThan(1);
    const exit = replayed.find((e) => eventLabel(e) === 'exit') as BusEvent;
    expect(exit.data).toMatchObject({ missed: false });
  });

  const malformed: [string, string, unknown, string][] = [
    ['bad JSON', 'start', '{"name": "x"', 'BAD_REQUEST'],
    ['an empty body', 'start', '', 'BAD_REQUEST'],
    ['a JSON array', 'create', '[1,2]', 'BAD_REQUEST'],
    ['a missing name', 'start', {}, 'INVALID_NAME'],
    ['name ../x', 'create', { name: '../x', template: 'busybox' }, 'INVALID_NAME'],
    ['name a/b', 'destroy', { name: 'a/b' }, 'INVALID_NAME'],
    ['a number as name', 'info', { name: 42 }, 'INVALID_NAME'],
    ['a string timeout', 'stop', { name: 'c1', timeout: 'soon' }, 'BAD_REQUEST'],
    ['a string force', 'destroy', { name: 'c1', force: 'yes' }, 'BAD_REQUEST'],
    ['an unknown field', 'start', { name: 'c1', bogus: 1 }, 'BAD_REQUEST'],
    ['argv not an array', 'attach', { name: 'c1', session: 'abcdefgh12', argv: 'ls' }, 'BAD_REQUEST'],
    ['states not a list', 'wait', { name: 'c1', states: 'RUNNING', timeoutMs: 10 }, 'BAD_REQUEST'],
    ['an unknown verb', 'frobnicate', { name: 'c1' }, 'UNKNOWN_VERB'],
  ];

  it.each(malformed)('%s on %s gets a coded error reply', async (_what, verb, body, code) => {
    const t0 = Date.now();
    const reply = await requestJson(nc, `lxcbus.v1.cmd.${stack.host}.root.${verb}`, body, REPLY_DEADLINE_MS);
    expect(Date.now() - t0).toBeLessThan(REPLY_DEADLINE_MS);
    expect(reply).toMatchObject({ ok: false, error: { code } });
    expect(typeof reply.error?.message).toBe('string');
  });

  it('every service still answers its ping after the malformed commands', async () => {
    for (const service of SERVICE_NAMES) {
      expect(await ping(nc, stack.host, service)).toMatchObject({ ok: true });
    }
  });

  it('a subject nobody serves answers no-responders at once, never a hang', async () => {
    const t0 = Date.now();
    const err = await requestJson(nc, `lxcbus.v1.svc.${stack.host}.nosuch.ping`, {}, 10_000).then(
      () => null, (e: unknown) => e,
    );
    expect(Date.now() - t0).toBeLessThan(1_000);
    expect(err).toBeInstanceOf(NatsError);
    expect((err as NatsError).code).toBe(NatsErrorCode.NoResponders);
  });
});

function expectCloudEvent(e: BusEvent, host: string, name: string): void {
  expect(e.raw).toMatchObject({
    specversion: '1.0',
    source: `/lxcbus/${host}/runtime-executor`,
    subject: `root/${name}`,
    datacontenttype: 'application/json',
    data: { host, owner: 'root', name },
  });
  expect(e.type).toMatch(/^io\.lxcbus\.container\.[a-z]+\.v1$/);
  expect(String(e.raw.id)).toMatch(/^[0-9a-f-]{36}$/);
  expect(Number.isNaN(Date.parse(String(e.raw.time)))).toBe(false);
  expect(e.subject).toBe(`lxcbus.v1.evt.${host}.root.${name}.${/\.([a-z]+)\.v1$/.exec(e.type)?.[1]}`);
}
