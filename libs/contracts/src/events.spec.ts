import { buildEvent, parseEvent } from './events';

const ref = { host: 'h1', owner: 'root', name: 'c1', lxcpath: '/var/lib/lxc' };

describe('CloudEvents', () => {
  it('builds a valid CloudEvents 1.0 envelope', () => {
    const e = buildEvent('state', '/lxcbus/h1/runtime-executor', { ...ref, state: 'RUNNING', pid: 42 }, new Date(0));
    expect(e).toMatchObject({
      specversion: '1.0', type: 'io.lxcbus.container.state.v1', subject: 'root/c1',
      time: '1970-01-01T00:00:00.000Z', datacontenttype: 'application/json',
    });
    expect(e.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(parseEvent(JSON.parse(JSON.stringify(e)))?.type).toBe('state');
  });

  it('rejects foreign or malformed events', () => {
    expect(parseEvent({})).toBeNull();
    const e = buildEvent('exit', 's', { ...ref, status: 0, code: 0, signal: null, missed: false });
    expect(parseEvent({ ...e, type: 'com.example.other' })).toBeNull();
    expect(parseEvent({ ...e, data: { ...ref } })).toBeNull();
  });
});
