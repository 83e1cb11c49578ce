import { buildEvent, type ContainerRecord } from '@lxcbus/contracts';
import { reduce } from './record-reducer';

const ref = { host: 'h1', owner: 'root', name: 'c1', lxcpath: '/var/lib/lxc' };
const config = { autostart: true, groups: ['web'], unprivileged: false, interfaces: [] };

function put(r: ReturnType<typeof reduce>): ContainerRecord {
  if (r.kind !== 'put') throw new Error(`expected put, got ${r.kind}`);
  return r.record;
}

describe('record reducer', () => {
  it('creates a STOPPED record with the config summary', () => {
    const r = put(reduce(null, 'created', buildEvent('created', 's', { ...ref, config }), 1));
    expect(r).toMatchObject({ ...ref, state: 'STOPPED', pid: null, config, eventSeq: 1 });
  });

  it('follows state changes and clears pid on STOPPED', () => {
    let r = put(reduce(null, 'created', buildEvent('created', 's', { ...ref, config }), 1));
    r = put(reduce(r, 'state', buildEvent('state', 's', { ...ref, state: 'RUNNING', pid: 99 }), 2));
    expect(r).toMatchObject({ state: 'RUNNING', pid: 99, config });
    r = put(reduce(r, 'exit', buildEvent('exit', 's', { ...ref, status: 256, code: 1, signal: null, missed: true }), 3));
    expect(r.lastExit).toMatchObject({ status: 256, code: 1 });
    r = put(reduce(r, 'state', buildEvent('state', 's', { ...ref, state: 'STOPPED', pid: null }), 4));
    expect(r).toMatchObject({ state: 'STOPPED', pid: null, eventSeq: 4 });
  });

  it('ignores events older than the record', () => {
    const r = put(reduce(null, 'state', buildEvent('state', 's', { ...ref, state: 'RUNNING', pid: 5 }), 10));
    expect(reduce(r, 'state', buildEvent('state', 's', { ...ref, state: 'STARTING', pid: null }), 9).kind).toBe('skip');
  });

  it('deletes on destroyed and skips destroy of nothing', () => {
    const r = put(reduce(null, 'created', buildEvent('created', 's', { ...ref, config }), 1));
    expect(reduce(r, 'destroyed', buildEvent('destroyed', 's', ref), 2).kind).toBe('delete');
    expect(reduce(null, 'destroyed', buildEvent('destroyed', 's', ref), 2).kind).toBe('skip');
  });
});
