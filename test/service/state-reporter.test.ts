/**
 * state-reporter against a real nats-server: events in, records out, queries
 * answered over plain NATS (no NestJS on the client side).
 */
import { EventPublisher } from '@lxcbus/bus';
import { subjects } from '@lxcbus/contracts';
import { AppModule } from '../../services/state-reporter/src/app.module';
import { startServiceUnderTest, type ServiceUnderTest } from '../support/service-under-test';

const HOST = `t${process.pid}`;
const ref = { host: HOST, owner: 'root', name: 'c1', lxcpath: '/srv/lxc-test' };
const config = { autostart: true, groups: ['web', 'onboot'], unprivileged: false, interfaces: [] };

let svc: ServiceUnderTest;
const ask = (verb: string, body: unknown, owner = 'root') => svc.request(subjects.command(HOST, owner, verb), body);

beforeAll(async () => {
  svc = await startServiceUnderTest(AppModule, { service: 'state-reporter', queue: 'state-reporter', host: HOST, env: { LXCBUS_LXCPATH: ref.lxcpath } });
}, 60_000);

afterAll(async () => svc?.stop());

describe('state-reporter', () => {
  it('answers info for an unknown container with NOT_FOUND', async () => {
    const r = await ask('info', { name: 'nope' });
    expect(r).toEqual({ ok: false, error: { code: 'NOT_FOUND', message: "nope doesn't exist", details: { name: 'nope' } } });
  });

  it('materialises events into records that info and ls read back at once', async () => {
    const pub = new EventPublisher(svc.nc, '/test');
    await pub.publish('created', { ...ref, config });
    await pub.publish('state', { ...ref, state: 'STARTING', pid: null, config });
    await pub.publish('state', { ...ref, state: 'RUNNING', pid: 4242 });
    const info = await ask('info', { name: 'c1', stats: false });
    expect(info).toEqual({ ok: true, info: { name: 'c1', state: 'RUNNING', pid: 4242, ips: [], links: [] } });
    const ls = await ask('ls', {});
    expect(ls.containers).toEqual([
      { name: 'c1', state: 'RUNNING', pid: 4242, autostart: true, groups: ['web', 'onboot'], ipv4: [], ipv6: [], interfaces: [], unprivileged: false },
    ]);
  });

  it('wait returns when the state arrives, and times out otherwise', async () => {
    const pub = new EventPublisher(svc.nc, '/test');
    const pending = ask('wait', { name: 'c1', states: ['STOPPED'], timeoutMs: 5000 });
    setTimeout(() => void pub.publish('state', { ...ref, state: 'STOPPING', pid: 4242 }).then(() =>
      pub.publish('state', { ...ref, state: 'STOPPED', pid: null })), 200);
    expect(await pending).toEqual({ ok: true, matched: true, state: 'STOPPED' });
    expect(await ask('wait', { name: 'c1', states: ['RUNNING'], timeoutMs: 300 })).toEqual({ ok: true, matched: false, state: 'STOPPED' });
    expect(await ask('wait', { name: 'ghost', states: ['STOPPED'], timeoutMs: 0 })).toEqual({ ok: true, matched: true, state: null });
  });

  it('keeps records across a restart of the service', async () => {
    await svc.restart();
    expect((await ask('info', { name: 'c1' })).info.state).toBe('STOPPED');
  });

  it('answers malformed commands with a code and keeps running', async () => {
    expect((await ask('info', '{not json')).error.code).toBe('BAD_REQUEST');
    expect((await ask('info', '')).error.code).toBe('BAD_REQUEST');
    expect((await ask('info', { name: '../x' })).error.code).toBe('INVALID_NAME');
    expect((await ask('info', { name: 'a/b' })).error.code).toBe('INVALID_NAME');
    expect((await ask('info', {})).error.code).toBe('INVALID_NAME');
    expect((await ask('ls', [1, 2])).error.code).toBe('BAD_REQUEST');
    expect((await ask('info', { name: 'c1' })).ok).toBe(true);
  });

  it('removes the record when the container is destroyed', async () => {
    await new EventPublisher(svc.nc, '/test').publish('destroyed', ref);
    expect((await ask('info', { name: 'c1' })).error.code).toBe('NOT_FOUND');
  });
});
